package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobType;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.outbox.Outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The state transitions of a job, each committed on its own (so that a crash mid-job
 * leaves the last state visible) and announced on the events exchange after the commit.
 */
@Component
public class JobLifecycle {

	private final JobRepository jobs;

	private final JobProgressRepository progress;

	private final JobEvents events;

	private final MessageCodec codec;

	private final Clock clock;

	private final JobProperties properties;

	private final Outbox outbox;

	private final Topology topology;

	private final JobFiles files;

	JobLifecycle(JobRepository jobs, JobProgressRepository progress, JobEvents events, MessageCodec codec,
			JobProperties properties, Outbox outbox, Topology topology, JobFiles files) {
		this.files = files;
		this.properties = properties;
		this.outbox = outbox;
		this.topology = topology;
		this.jobs = jobs;
		this.progress = progress;
		this.events = events;
		this.codec = codec;
		this.clock = Clock.systemUTC();
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public Optional<Job> find(long jobId) {
		return this.jobs.findById(jobId);
	}

	/**
	 * Marks the job RUNNING on {@code worker}, unless it ended meanwhile (cancelled while
	 * queued, finished by another delivery): then nothing changes and the result is
	 * empty.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Optional<Job> start(long jobId, String worker) {
		Job job = this.jobs.findByIdForUpdate(jobId)
			.orElseThrow(() -> new IllegalStateException("job " + jobId + " is gone"));
		if (job.getState().isTerminal() || job.isLeasedAt(now())) {
			return Optional.empty();
		}
		job.start(worker, now(), this.properties.lease());
		note(job, "state", "started on " + worker + " (attempt " + job.getAttempts() + ")");
		return Optional.of(announce(job));
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job succeed(long jobId, String resultJson) {
		Job job = require(jobId);
		job.succeed(resultJson, now());
		note(job, "state", "succeeded");
		if (job.getType() == JobType.IMPORT_DATASET) {
			// the dataset's own files hold the data now
			afterCommit(() -> this.files.removeUpload(jobId));
		}
		return announce(job);
	}

	/**
	 * Ends a job FAILED: the platform refused it, so its upload and checkpoint are
	 * removed once this has committed ({@link JobFiles}).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job fail(long jobId, String reason) {
		Job job = require(jobId);
		job.fail(reason, now());
		note(job, "state", "failed: " + reason);
		releaseFiles(jobId);
		return announce(job);
	}

	/**
	 * Ends FAILED a job whose message was dead-lettered after every retry. Its upload is
	 * kept for {@code deepdock.retention.failed-uploads}, so that an operator can look at
	 * what made it fail; the retention sweep removes it then.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job deadLettered(long jobId, String reason) {
		Job job = require(jobId);
		job.fail(reason, now());
		note(job, "state", "failed: " + reason);
		afterCommit(() -> this.files.removeCheckpoint(jobId));
		return announce(job);
	}

	/**
	 * Puts a job that {@code worker} was running back in the queue (the worker is
	 * stopping), with a new dispatch message in the same transaction, so that another
	 * worker resumes it from its last checkpoint.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job handBack(long jobId, String worker, String reason) {
		Job job = this.jobs.findByIdForUpdate(jobId)
			.orElseThrow(() -> new IllegalStateException("job " + jobId + " is gone"));
		if (job.getState() != JobState.RUNNING || !worker.equals(job.getWorker())) {
			return job;
		}
		job.requeue(reason);
		note(job, "state", reason);
		this.outbox.enqueue(this.topology.jobsExchange(), job.getType().routingKey(),
				new JobDispatched(job.getId(), job.getType().name()));
		return announce(job);
	}

	/**
	 * Puts a job whose attempt failed back in the queue, to run again after
	 * {@code backoff}. No message is sent now: the reaper dispatches the job once the
	 * backoff has passed ({@link JobReaper#dispatchDueJobs()}), so no consumer waits.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job retryLater(long jobId, String reason, java.time.Duration backoff) {
		Job job = require(jobId);
		job.retryAt(reason, now().plus(backoff));
		note(job, "state", "will retry in " + backoff.toMillis() / 1000.0 + " s: " + reason);
		return announce(job);
	}

	/**
	 * Puts a job that could not start yet (it waits for another job, e.g. the import of
	 * its dataset) back in the queue, to be dispatched again after {@code delay}. Not an
	 * attempt, not a failure.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job defer(long jobId, String reason, java.time.Duration delay) {
		Job job = require(jobId);
		boolean first = !reason.equals(job.getError());
		job.deferUntil(reason, now().plus(delay));
		if (first) {
			// once per reason: a long wait must not fill the job's log
			note(job, "state", reason);
		}
		return announce(job);
	}

	/**
	 * Extends the lease of a job that {@code worker} runs.
	 * @return false if the job is no longer this worker's (ended, or taken over)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean renewLease(long jobId, String worker) {
		Job job = this.jobs.findByIdForUpdate(jobId).orElse(null);
		if (job == null || job.getState() != JobState.RUNNING || !worker.equals(job.getWorker())) {
			return false;
		}
		job.renewLease(now(), this.properties.lease());
		return true;
	}

	/** Records a progress point and publishes it. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void progress(long jobId, String kind, Integer epoch, Map<String, Double> metrics, String message) {
		this.progress.save(new JobProgress(jobId, kind, epoch, this.codec.toJson(metrics), message, now()));
		this.events.progressed(jobId, kind, epoch, metrics, message);
	}

	/**
	 * Cancels a job: a QUEUED one ends CANCELLED at once (its message is then
	 * acknowledged and ignored by the worker that gets it); a RUNNING one is asked to
	 * stop at its next batch boundary.
	 * @return the job after the request
	 * @throws IllegalStateException if the job has already ended
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job requestCancel(long jobId) {
		Job job = this.jobs.findByIdForUpdate(jobId)
			.orElseThrow(() -> new java.util.NoSuchElementException("job " + jobId));
		if (job.getState().isTerminal()) {
			throw new IllegalStateException("Job " + jobId + " has already ended (" + job.getState() + ").");
		}
		job.requestCancel();
		if (job.getState() == JobState.QUEUED) {
			job.cancel(now());
			note(job, "state", "cancelled before it started");
			releaseFiles(jobId);
			return announce(job);
		}
		note(job, "state", "cancel requested");
		return job;
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Job cancelled(long jobId, String why) {
		Job job = require(jobId);
		job.cancel(now());
		note(job, "state", "cancelled: " + why);
		releaseFiles(jobId);
		return announce(job);
	}

	/**
	 * Records the dataset a job made or took. In the caller's transaction when there is
	 * one: a worker registers what its job made and attaches it in one commit (see
	 * {@code DatasetImporter}'s {@code registered}), so that a redelivery of the job
	 * finds it attached, or not made at all.
	 */
	@Transactional
	public void attachDataset(long jobId, long datasetId) {
		require(jobId).setDatasetId(datasetId);
	}

	/**
	 * Records the model version a job trains or predicts with; in the caller's
	 * transaction when there is one, like {@link #attachDataset}.
	 */
	@Transactional
	public void attachModelVersion(long jobId, long modelVersionId) {
		require(jobId).setModelVersionId(modelVersionId);
	}

	/** Whether someone asked to cancel the job (read fresh from the database). */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public boolean cancelRequested(long jobId) {
		return this.jobs.findById(jobId).map(Job::isCancelRequested).orElse(true);
	}

	/**
	 * The live events, for progress that is shown but not stored (throughput samples).
	 */
	public JobEvents events() {
		return this.events;
	}

	/** Removes the upload and checkpoint of a job cancelled or refused, after commit. */
	private void releaseFiles(long jobId) {
		afterCommit(() -> {
			this.files.removeUpload(jobId);
			this.files.removeCheckpoint(jobId);
		});
	}

	/**
	 * Runs {@code action} once the current transaction has committed: a file is never
	 * removed for a state change that was rolled back. A failure is only logged; the
	 * retention sweep tries again.
	 */
	private static void afterCommit(Runnable action) {
		Runnable guarded = () -> {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				org.slf4j.LoggerFactory.getLogger(JobLifecycle.class)
					.warn("Could not remove the files of an ended job: {}", ex.getMessage());
			}
		};
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			guarded.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				guarded.run();
			}
		});
	}

	private void note(Job job, String kind, String message) {
		this.progress.save(new JobProgress(job.getId(), kind, null, "{}", message, now()));
	}

	private Job announce(Job job) {
		this.events.stateChanged(job);
		return job;
	}

	private Job require(long jobId) {
		return this.jobs.findById(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " is gone"));
	}

	private Instant now() {
		return this.clock.instant();
	}

}
