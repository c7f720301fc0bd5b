package io.deepdock.core.jobs;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.deepdock.core.messaging.JobDispatched;
import io.deepdock.core.messaging.MessageCodec;
import io.deepdock.core.messaging.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery guarantees of {@link JobExecutor} against a real broker and PostgreSQL:
 * every accepted job ends SUCCEEDED, FAILED with a reason, or dead-lettered; never lost,
 * never requeued forever.
 */
@SpringBootTest(properties = "deepdock.outbox.relay-enabled=false")
@WithInfrastructure
class JobExecutorIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobExecutor executor;

	@Autowired
	JobRepository jobs;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	MessageCodec codec;

	@Autowired
	Topology topology;

	@BeforeEach
	void emptyQueues() {
		this.admin.purgeQueue(this.topology.importQueue(), false);
		this.admin.purgeQueue(this.topology.deadQueue(), false);
	}

	Job queuedJob() {
		return this.jobs.save(new Job(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}"));
	}

	void dispatch(Message message) {
		this.rabbit.send(this.topology.jobsExchange(), Topology.IMPORT_KEY, message);
	}

	/**
	 * Takes one delivery from {@code queue} (manual ack) and runs it through the
	 * executor.
	 */
	boolean deliverOnce(String queue, JobHandler handler) {
		return Deliveries.deliverOnce(this.rabbit, this.executor, queue, handler);
	}

	Message take(String queue) {
		return this.rabbit.receive(queue, 5000);
	}

	@Test
	void succeededJobKeepsItsResultAndIsAcknowledged() {
		Job job = queuedJob();
		dispatch(this.codec.encode(new JobDispatched(job.getId(), "IMPORT_DATASET")));
		assertThat(deliverOnce(this.topology.importQueue(), (j) -> "{\"answer\":42}")).isTrue();
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getResult()).contains("42");
		assertThat(done.getWorker()).isEqualTo("test-worker");
		assertThat(this.rabbit.receive(this.topology.importQueue())).isNull();
	}

	@Test
	void jobThatCannotSucceedFailsWithItsReasonWithoutRetry() {
		Job job = queuedJob();
		dispatch(this.codec.encode(new JobDispatched(job.getId(), "IMPORT_DATASET")));
		AtomicInteger runs = new AtomicInteger();
		deliverOnce(this.topology.importQueue(), (j) -> {
			runs.incrementAndGet();
			throw new JobFailedException("The source is missing: install it with npm.");
		});
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).isEqualTo("The source is missing: install it with npm.");
		assertThat(runs).hasValue(1);
		assertThat(this.rabbit.receive(this.topology.importQueue())).isNull();
		assertThat(this.rabbit.receive(this.topology.deadQueue())).isNull();
	}

	@Test
	void transientErrorIsRetriedThenDeadLetteredAndTheJobFailsWithTheReason() {
		Job job = queuedJob();
		dispatch(this.codec.encode(new JobDispatched(job.getId(), "IMPORT_DATASET")));
		AtomicInteger runs = new AtomicInteger();
		JobHandler flaky = (j) -> {
			runs.incrementAndGet();
			throw new IllegalStateException("database hiccup");
		};
		// default max-attempts is 3: two retries republished, the third dead-lettered
		assertThat(deliverOnce(this.topology.importQueue(), flaky)).isTrue();
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getState()).isEqualTo(JobState.QUEUED);
		assertThat(deliverOnce(this.topology.importQueue(), flaky)).isTrue();
		assertThat(deliverOnce(this.topology.importQueue(), flaky)).isTrue();
		assertThat(runs).hasValue(3);
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).contains("failed after 3 attempts").contains("database hiccup");
		Message dead = take(this.topology.deadQueue());
		assertThat(dead).isNotNull();
		assertThat(dead.getMessageProperties().getHeaders().get(JobExecutor.REASON_HEADER).toString())
			.contains("database hiccup");
		assertThat(this.codec.decode(dead, JobDispatched.class).jobId()).isEqualTo(job.getId());
		assertThat(this.rabbit.receive(this.topology.importQueue())).isNull();
	}

	@Test
	void malformedMessageGoesToTheDeadLetterQueueAtOnce() {
		dispatch(MessageBuilder.withBody("{not json".getBytes())
			.setHeader(MessageCodec.TYPE_HEADER, "job.dispatched.v1")
			.build());
		AtomicInteger runs = new AtomicInteger();
		assertThat(deliverOnce(this.topology.importQueue(), (j) -> {
			runs.incrementAndGet();
			return "{}";
		})).isTrue();
		assertThat(runs).hasValue(0);
		Message dead = take(this.topology.deadQueue());
		assertThat(dead).isNotNull();
		assertThat(dead.getMessageProperties().getHeaders().get(JobExecutor.REASON_HEADER).toString())
			.contains("malformed");
	}

	@Test
	void messageForAJobThatDoesNotExistIsDeadLettered() {
		dispatch(this.codec.encode(new JobDispatched(987654321L, "IMPORT_DATASET")));
		deliverOnce(this.topology.importQueue(), (j) -> "{}");
		Message dead = take(this.topology.deadQueue());
		assertThat(dead.getMessageProperties().getHeaders().get(JobExecutor.REASON_HEADER).toString())
			.contains("does not exist");
	}

	@Test
	void redeliveryOfAFinishedJobIsAcknowledgedAndIgnored() {
		Job job = queuedJob();
		Message message = this.codec.encode(new JobDispatched(job.getId(), "IMPORT_DATASET"));
		dispatch(message);
		dispatch(message);
		AtomicInteger runs = new AtomicInteger();
		JobHandler counting = (j) -> "{\"run\":" + runs.incrementAndGet() + "}";
		deliverOnce(this.topology.importQueue(), counting);
		deliverOnce(this.topology.importQueue(), counting);
		assertThat(runs).hasValue(1);
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getResult()).contains("\"run\": 1");
		assertThat(done.getAttempts()).isEqualTo(1);
		assertThat(this.rabbit.receive(this.topology.importQueue())).isNull();
		assertThat(this.rabbit.receive(this.topology.deadQueue())).isNull();
	}

}
