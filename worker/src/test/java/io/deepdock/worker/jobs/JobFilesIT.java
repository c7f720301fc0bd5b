package io.deepdock.worker.jobs;

import org.springframework.context.annotation.Import;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.outbox.OutboxRelay;
import io.deepdock.core.jobs.JobCancelledException;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobSubmission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a job that reads an upload can end, against real PostgreSQL, broker and
 * media: what the user cancelled or the platform refused loses its upload (and a training
 * its checkpoint) once the end is committed; what succeeded or was dead-lettered keeps
 * what may still be used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.outbox.relay-enabled=false", "deepdock.jobs.consume=false",
				"deepdock.jobs.initial-backoff=200ms", "deepdock.jobs.max-backoff=200ms" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
class JobFilesIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobExecutor executor;

	@Autowired
	JobSubmission submission;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobRepository jobs;

	@Autowired
	MediaStorage storage;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	MessageCodec codec;

	@Autowired
	Topology topology;

	@Autowired
	JobReaper reaper;

	@Autowired
	OutboxRelay relay;

	Deliveries deliveries;

	@BeforeEach
	void emptyQueues() {
		// what earlier tests left in the outbox (its relay is off here) goes out now, and
		// is purged with the rest
		this.relay.relayOnce();
		this.admin.purgeQueue(this.topology.importQueue(), false);
		this.admin.purgeQueue(this.topology.trainQueue(), false);
		this.admin.purgeQueue(this.topology.deadQueue(), false);
		this.deliveries = Deliveries.forThisTest(this.rabbit, this.executor, this.codec, this.jobs);
	}

	StoredFile upload() throws IOException {
		return this.storage.write("uploads/datasets", "csv",
				(out) -> out.write("id,comment_text\n1,hello\n".getBytes(StandardCharsets.UTF_8)));
	}

	/** An import of an upload, queued and dispatched as the web app does it. */
	Job queuedImport(StoredFile upload) {
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.SYSTEM, null,
				"{\"upload\":\"" + upload.path() + "\"}", upload);
		// the dispatch the submission wrote to the outbox, sent as the relay would
		this.relay.relayOnce();
		return job;
	}

	void deliverOnce(String queue, JobHandler handler) {
		assertThat(this.deliveries.deliverOnce(queue, handler)).as("a delivery on " + queue).isTrue();
	}

	void redispatchWhenDue(Job job) {
		this.deliveries.redispatchWhenDue(this.reaper, this.relay, job.getId());
	}

	Job reload(Job job) {
		return this.jobs.findById(job.getId()).orElseThrow();
	}

	@Test
	void aJobCancelledWhileQueuedHasItsUploadRemoved() throws Exception {
		StoredFile upload = upload();
		Job job = queuedImport(upload);
		assertThat(reload(job).getUploadPath()).isEqualTo(upload.path());
		assertThat(reload(job).getUploadBytes()).isEqualTo(upload.size());

		this.lifecycle.requestCancel(job.getId());

		assertThat(this.storage.exists(upload.path())).isFalse();
		assertThat(reload(job).getState()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(job).getUploadRemovedAt()).isNotNull();
	}

	@Test
	void aJobCancelledWhileRunningHasItsUploadRemoved() throws Exception {
		StoredFile upload = upload();
		Job job = queuedImport(upload);
		deliverOnce(this.topology.importQueue(), (running) -> {
			// the cancel request arrives mid-run; the handler sees it at its next
			// boundary
			this.lifecycle.requestCancel(running.getId());
			assertThat(this.storage.exists(upload.path())).as("kept while the job runs").isTrue();
			throw new JobCancelledException("cancelled by request");
		});
		assertThat(reload(job).getState()).isEqualTo(JobState.CANCELLED);
		assertThat(this.storage.exists(upload.path())).isFalse();
	}

	@Test
	void aFailedImportHasItsUploadRemoved() throws Exception {
		StoredFile upload = upload();
		Job job = queuedImport(upload);
		deliverOnce(this.topology.importQueue(), (running) -> {
			throw new JobFailedException("the CSV has no label columns");
		});
		assertThat(reload(job).getState()).isEqualTo(JobState.FAILED);
		assertThat(this.storage.exists(upload.path())).isFalse();
		assertThat(reload(job).getUploadRemovedAt()).isNotNull();
	}

	@Test
	void aDeadLetteredJobKeepsItsUploadForAnOperator() throws Exception {
		StoredFile upload = upload();
		Job job = queuedImport(upload);
		JobHandler flaky = (running) -> {
			throw new IllegalStateException("parser crashed");
		};
		// default max-attempts is 3: the third failure is dead-lettered
		deliverOnce(this.topology.importQueue(), flaky);
		assertThat(this.storage.exists(upload.path())).as("kept while it is retried").isTrue();
		redispatchWhenDue(job);
		deliverOnce(this.topology.importQueue(), flaky);
		redispatchWhenDue(job);
		deliverOnce(this.topology.importQueue(), flaky);
		assertThat(reload(job).getState()).isEqualTo(JobState.FAILED);
		assertThat(this.storage.exists(upload.path())).isTrue();
		assertThat(reload(job).getUploadRemovedAt()).isNull();
	}

	@Test
	void aSucceededImportHasItsUploadRemovedAndASucceededBatchKeepsIt() throws Exception {
		StoredFile imported = upload();
		Job importJob = queuedImport(imported);
		deliverOnce(this.topology.importQueue(), (running) -> "{}");
		assertThat(reload(importJob).getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.storage.exists(imported.path())).as("the dataset's files hold the data now").isFalse();

		StoredFile batchInput = upload();
		Job batch = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.SYSTEM, null,
				"{\"input\":\"" + batchInput.path() + "\"}", batchInput);
		this.lifecycle.start(batch.getId(), "test-worker");
		this.lifecycle.succeed(batch.getId(), "{}");
		assertThat(this.storage.exists(batchInput.path())).as("kept until its results expire").isTrue();
	}

	@Test
	void aCancelledTrainingHasItsCheckpointRemoved() throws Exception {
		Job job = this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, null, "{\"task\":\"digits\"}");
		this.lifecycle.start(job.getId(), "test-worker");
		this.storage.writeAt("checkpoints/job-" + job.getId() + ".bin", (out) -> out.write(new byte[] { 1, 2 }));

		this.lifecycle.requestCancel(job.getId());
		this.lifecycle.cancelled(job.getId(), "cancelled by request");

		assertThat(this.storage.exists("checkpoints/job-" + job.getId() + ".bin")).isFalse();
	}

}
