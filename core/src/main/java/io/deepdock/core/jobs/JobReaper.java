package io.deepdock.core.jobs;

import java.time.Instant;
import java.util.List;

import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes sure no accepted job is left behind. A RUNNING job whose lease expired (its
 * worker died, or lost its connection for longer than the lease) is put back to QUEUED
 * and dispatched again; it resumes from its last checkpoint. After a restart of the
 * platform, every QUEUED job is dispatched again, because an embedded broker keeps its
 * messages in memory; the duplicates this makes on a durable broker are harmless, since
 * the job id is the idempotency key. A job that waits ({@code not_before}: a retry's
 * backoff, a training waiting for its dataset's import) is dispatched when its wait is
 * over, so no worker sleeps on a consumer thread. Run by the leading scheduler only.
 */
@Component
public class JobReaper {

	private static final Logger log = LoggerFactory.getLogger(JobReaper.class);

	private final JobRepository jobs;

	private final JobProgressRepository progress;

	private final Outbox outbox;

	private final Topology topology;

	private final JdbcTemplate jdbc;

	private final JobEvents events;

	JobReaper(JobRepository jobs, JobProgressRepository progress, Outbox outbox, Topology topology, JdbcTemplate jdbc,
			JobEvents events) {
		this.jobs = jobs;
		this.progress = progress;
		this.outbox = outbox;
		this.topology = topology;
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * Dispatches again the RUNNING jobs whose lease expired.
	 * @return how many
	 */
	@Transactional
	public int reapExpiredLeases() {
		List<Long> expired = this.jdbc.queryForList(
				"SELECT id FROM job WHERE state = 'RUNNING' AND lease_until < now() ORDER BY id FOR UPDATE SKIP LOCKED",
				Long.class);
		for (long id : expired) {
			Job job = this.jobs.findById(id).orElseThrow();
			String reason = "worker " + job.getWorker() + " stopped renewing its lease; dispatched again";
			job.requeue(reason);
			this.progress.save(new JobProgress(id, "state", null, "{}", reason, Instant.now()));
			dispatch(job);
			this.events.stateChanged(job);
			log.warn("Job {}: {}", id, reason);
		}
		return expired.size();
	}

	/**
	 * Dispatches again every QUEUED job that has no message waiting in the outbox (after
	 * a restart).
	 * @return how many
	 */
	@Transactional
	public int redispatchQueued() {
		List<Long> queued = this.jdbc.queryForList("""
				SELECT id FROM job j WHERE state = 'QUEUED' AND not_before IS NULL
				AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.payload->>'jobId' = j.id::text)
				ORDER BY id FOR UPDATE SKIP LOCKED""", Long.class);
		for (long id : queued) {
			dispatch(this.jobs.findById(id).orElseThrow());
		}
		if (!queued.isEmpty()) {
			log.info("Dispatched {} queued job(s) again after a restart", queued.size());
		}
		return queued.size();
	}

	/**
	 * Dispatches the QUEUED jobs whose wait is over: a retry whose backoff has passed, a
	 * training whose dataset import it checks again. Their {@code not_before} is cleared
	 * in the same transaction as the dispatch message (outbox), so each is sent once.
	 * @return how many
	 */
	@Transactional
	public int dispatchDueJobs() {
		List<Long> due = this.jdbc.queryForList("""
				SELECT id FROM job WHERE state = 'QUEUED' AND not_before IS NOT NULL AND not_before <= now()
				ORDER BY not_before, id FOR UPDATE SKIP LOCKED""", Long.class);
		for (long id : due) {
			Job job = this.jobs.findById(id).orElseThrow();
			job.dispatchedAgain();
			dispatch(job);
		}
		return due.size();
	}

	private void dispatch(Job job) {
		this.outbox.enqueue(this.topology.jobsExchange(), job.getType().routingKey(),
				new JobDispatched(job.getId(), job.getType().name()));
	}

}
