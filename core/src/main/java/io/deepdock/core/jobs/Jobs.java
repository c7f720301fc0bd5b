package io.deepdock.core.jobs;

import java.util.List;
import java.util.Optional;

import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/**
 * The jobs feature's entry point for reading jobs and their progress: the web's lists,
 * views and live streams and the train command come through here, not through
 * {@link JobRepository} or {@link JobProgressRepository} (each service's architecture
 * test holds it). Submission ({@link JobSubmission}) and the state changes a worker makes
 * ({@link JobLifecycle}) are the feature's other doors.
 */
@Component
public class Jobs {

	private final JobRepository jobs;

	private final JobProgressRepository progress;

	Jobs(JobRepository jobs, JobProgressRepository progress) {
		this.jobs = jobs;
		this.progress = progress;
	}

	public Optional<Job> find(long id) {
		return this.jobs.findById(id);
	}

	/** One page of the jobs that match (a {@link JobFilter}'s specification). */
	public Page<Job> page(Specification<Job> matching, Pageable pageable) {
		return this.jobs.findAll(matching, pageable);
	}

	/** Every job that matches. */
	public List<Job> all(Specification<Job> matching) {
		return this.jobs.findAll(matching);
	}

	/** The TRAIN jobs that trained these model versions. */
	public List<Job> trainingsOf(List<Long> versionIds) {
		return this.jobs.findAll((root, query, cb) -> cb.and(root.get("modelVersionId").in(versionIds),
				cb.equal(root.get("type"), JobType.TRAIN)));
	}

	/** Every progress point of a job, oldest first. */
	public List<JobProgress> progressOf(long jobId) {
		return this.progress.findByJobIdOrderByIdAsc(jobId);
	}

	/**
	 * Stores a QUEUED job that this process runs itself (the {@code train} command in the
	 * foreground): no dispatch message is written, so no worker takes it.
	 */
	public Job addUndispatched(JobType type, JobTrigger trigger, Long ownerId, String payloadJson) {
		return this.jobs.save(new Job(type, trigger, ownerId, payloadJson));
	}

}
