package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import java.nio.file.Path;

import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases keep a job to one live worker; the reaper gives a dead worker's job, and lost
 * messages, back.
 */
@SpringBootTest(properties = { "deepdock.jobs.lease=3s", "deepdock.jobs.heartbeat=1s" })
@WithInfrastructure
class JobLeaseIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobReaper reaper;

	@Autowired
	JobRepository jobs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	MessageCodec codec;

	@Autowired
	Topology topology;

	@BeforeEach
	void emptyQueue() {
		this.admin.purgeQueue(this.topology.trainQueue(), false);
	}

	Job queued() {
		return this.jobs.save(new Job(JobType.TRAIN, JobTrigger.USER, null, "{\"task\":\"digits\"}"));
	}

	void expireLease(long id) {
		this.jdbc.update("UPDATE job SET lease_until = now() - interval '1 second' WHERE id = ?", id);
	}

	@Test
	void aLiveLeaseKeepsADuplicateDeliveryFromRunningTheJobTwice() {
		Job job = queued();
		assertThat(this.lifecycle.start(job.getId(), "worker-a")).isPresent();
		assertThat(this.lifecycle.start(job.getId(), "worker-b")).isEmpty();
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getWorker()).isEqualTo("worker-a");
		assertThat(this.lifecycle.renewLease(job.getId(), "worker-a")).isTrue();
		assertThat(this.lifecycle.renewLease(job.getId(), "worker-b")).isFalse();
	}

	@Test
	void theReaperDispatchesAgainAJobWhoseWorkerStoppedRenewingItsLease() {
		Job job = queued();
		this.lifecycle.start(job.getId(), "worker-a");
		assertThat(this.reaper.reapExpiredLeases()).isZero();
		expireLease(job.getId());
		assertThat(this.reaper.reapExpiredLeases()).isEqualTo(1);
		Job requeued = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(requeued.getState()).isEqualTo(JobState.QUEUED);
		assertThat(requeued.getError()).contains("worker-a stopped renewing its lease");
		Message message = this.rabbit.receive(this.topology.trainQueue(), 10_000);
		assertThat(this.codec.decode(message, JobDispatched.class).jobId()).isEqualTo(job.getId());
		// another worker takes it over
		assertThat(this.lifecycle.start(job.getId(), "worker-b")).isPresent();
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getAttempts()).isEqualTo(2);
	}

	@Test
	void queuedJobsAreDispatchedAgainAfterARestart() {
		Job job = queued();
		assertThat(this.reaper.redispatchQueued()).isGreaterThanOrEqualTo(1);
		Message message = this.rabbit.receive(this.topology.trainQueue(), 10_000);
		assertThat(message).isNotNull();
		Job finished = queued();
		this.lifecycle.start(finished.getId(), "worker-a");
		this.lifecycle.succeed(finished.getId(), "{}");
		this.admin.purgeQueue(this.topology.trainQueue(), false);
		this.reaper.redispatchQueued();
		// ended jobs are never dispatched again
		Message next;
		while ((next = this.rabbit.receive(this.topology.trainQueue(), 2000)) != null) {
			assertThat(this.codec.decode(next, JobDispatched.class).jobId()).isNotEqualTo(finished.getId());
		}
		assertThat(job.getId()).isNotNull();
	}

}
