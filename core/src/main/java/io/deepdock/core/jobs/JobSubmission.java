package io.deepdock.core.jobs;

import io.deepdock.core.messaging.JobDispatched;
import io.deepdock.core.messaging.Topology;
import io.deepdock.core.outbox.Outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts a job: the QUEUED row and its dispatch message are written in one transaction
 * (transactional outbox), so an accepted job always reaches a worker and a message never
 * points at a job that does not exist.
 */
@Component
public class JobSubmission {

	private final JobRepository jobs;

	private final Outbox outbox;

	private final Topology topology;

	JobSubmission(JobRepository jobs, Outbox outbox, Topology topology) {
		this.jobs = jobs;
		this.outbox = outbox;
		this.topology = topology;
	}

	@Transactional
	public Job submit(JobType type, JobTrigger trigger, Long ownerId, String payloadJson) {
		Job job = this.jobs.save(new Job(type, trigger, ownerId, payloadJson));
		this.outbox.enqueue(this.topology.jobsExchange(), type.routingKey(),
				new JobDispatched(job.getId(), type.name()));
		return job;
	}

}
