package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import io.deepdock.core.media.StoredFile;
import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.outbox.Outbox;
import io.deepdock.core.quotas.Quotas;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.context.annotation.Import;

/**
 * Accepts a job: the QUEUED row and its dispatch message are written in one transaction
 * (transactional outbox), so an accepted job always reaches a worker and a message never
 * points at a job that does not exist. A user's job is first checked against the user's
 * quotas ({@link Quotas}), in the same transaction.
 */
// imported with the submission: every submission checks the quotas
@Component
@Import(Quotas.class)
public class JobSubmission {

	private final JobRepository jobs;

	private final Outbox outbox;

	private final Topology topology;

	private final Quotas quotas;

	JobSubmission(JobRepository jobs, Outbox outbox, Topology topology, Quotas quotas) {
		this.quotas = quotas;
		this.jobs = jobs;
		this.outbox = outbox;
		this.topology = topology;
	}

	/**
	 * Queues a job.
	 * @throws io.deepdock.core.quotas.QuotaExceededException if a user's job would go
	 * over the user's job quotas
	 */
	@Transactional
	public Job submit(JobType type, JobTrigger trigger, Long ownerId, String payloadJson) {
		return submit(type, trigger, ownerId, payloadJson, null);
	}

	/**
	 * Queues a job that reads a user's upload already stored in media. The job remembers
	 * the upload: it counts against the owner's storage quota while it exists, and it is
	 * removed when the job is cancelled or refused ({@link JobFiles}).
	 * @throws io.deepdock.core.quotas.QuotaExceededException if a user's job would go
	 * over the user's job or storage quotas (the caller then deletes the upload)
	 */
	@Transactional
	public Job submit(JobType type, JobTrigger trigger, Long ownerId, String payloadJson, StoredFile upload) {
		if (trigger == JobTrigger.USER && ownerId != null) {
			this.quotas.checkJob(ownerId, (upload != null) ? upload.size() : 0, type == JobType.TRAIN);
		}
		Job unsaved = new Job(type, trigger, ownerId, payloadJson);
		if (upload != null) {
			unsaved.attachUpload(upload.path(), upload.size());
		}
		Job job = this.jobs.save(unsaved);
		this.outbox.enqueue(this.topology.jobsExchange(), type.routingKey(),
				new JobDispatched(job.getId(), type.name()));
		return job;
	}

}
