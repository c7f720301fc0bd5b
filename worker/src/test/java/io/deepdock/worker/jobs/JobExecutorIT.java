package io.deepdock.worker.jobs;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobRepository;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.rabbitmq.client.GetResponse;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery guarantees of {@link JobExecutor} against a real broker and PostgreSQL:
 * every accepted job ends SUCCEEDED, FAILED with a reason, or dead-lettered; never lost,
 * never requeued forever.
 */
// a backoff long enough to tell "waits in PostgreSQL" from "runs again at once"
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.outbox.relay-enabled=false", "deepdock.jobs.consume=false",
				"deepdock.jobs.initial-backoff=3s", "deepdock.jobs.max-backoff=3s",
				// the database made unreachable by suspending the pool (its real
				// behaviour
				// when it cannot get a connection: an exception after the wait)
				"spring.datasource.hikari.allow-pool-suspension=true" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
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

	@Autowired
	JobReaper reaper;

	@Autowired
	io.deepdock.core.outbox.OutboxRelay relay;

	@Autowired
	DataSource dataSource;

	Deliveries deliveries;

	@BeforeEach
	void emptyQueues() {
		this.admin.purgeQueue(this.topology.importQueue(), false);
		this.admin.purgeQueue(this.topology.deadQueue(), false);
		this.deliveries = Deliveries.forThisTest(this.rabbit, this.executor, this.codec, this.jobs);
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
		return this.deliveries.deliverOnce(queue, handler);
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
		// default max-attempts is 3: two retries dispatched again by the reaper
		// once their backoff has passed, the third dead-lettered
		assertThat(deliverOnce(this.topology.importQueue(), flaky)).isTrue();
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getState()).isEqualTo(JobState.QUEUED);
		redispatchWhenDue(job);
		assertThat(deliverOnce(this.topology.importQueue(), flaky)).isTrue();
		redispatchWhenDue(job);
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

	void redispatchWhenDue(Job job) {
		this.deliveries.redispatchWhenDue(this.reaper, this.relay, job.getId());
	}

	@Test
	void aJobWaitingForItsRetryHoldsNoConsumerAndAnotherJobRunsMeanwhile() {
		Job flakyJob = queuedJob();
		Job other = queuedJob();
		dispatch(this.codec.encode(new JobDispatched(flakyJob.getId(), "IMPORT_DATASET")));

		Instant beforeFailure = Instant.now();
		assertThat(deliverOnce(this.topology.importQueue(), (j) -> {
			throw new IllegalStateException("database hiccup");
		})).isTrue();
		// dispatched only now: two sends may take two cached channels, and a broker
		// orders messages per channel only
		dispatch(this.codec.encode(new JobDispatched(other.getId(), "IMPORT_DATASET")));
		assertThat(Duration.between(beforeFailure, Instant.now())).as("the consumer did not sleep out the backoff")
			.isLessThan(Duration.ofSeconds(3));
		Job waiting = this.jobs.findById(flakyJob.getId()).orElseThrow();
		assertThat(waiting.getState()).isEqualTo(JobState.QUEUED);
		assertThat(waiting.getNotBefore()).as("the backoff is a not_before on the job")
			.isAfter(beforeFailure.plusSeconds(2));
		// the same consumer takes the next job at once, while the first one waits
		assertThat(deliverOnce(this.topology.importQueue(), (j) -> "{}")).isTrue();
		assertThat(this.jobs.findById(other.getId()).orElseThrow().getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.jobs.findById(flakyJob.getId()).orElseThrow().isDelayedAt(Instant.now()))
			.as("still waiting for its backoff")
			.isTrue();
		assertThat(this.rabbit.receive(this.topology.importQueue())).as("nothing republished before its time").isNull();

		redispatchWhenDue(flakyJob);
		assertThat(deliverOnce(this.topology.importQueue(), (j) -> "{\"second\":true}")).isTrue();
		Job done = this.jobs.findById(flakyJob.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getRetries()).isEqualTo(1);
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
	void aJobWhoseBookkeepingFailsGoesBackToItsQueueInsteadOfStayingUnacknowledgedOnTheConsumer() {
		Job job = queuedJob();
		dispatch(this.codec.encode(new JobDispatched(job.getId(), "IMPORT_DATASET")));
		String queue = this.topology.importQueue();
		HikariPoolMXBean pool = ((HikariDataSource) this.dataSource).getHikariPoolMXBean();
		AtomicInteger runs = new AtomicInteger();
		// the consumer's channel stays open, as a listener's does: a message it neither
		// acked nor requeued would be held here, not ready in the queue
		Long readyWhileTheConsumerIsOpen = this.rabbit.execute((channel) -> {
			GetResponse response = null;
			for (int i = 0; i < 100 && response == null; i++) {
				response = channel.basicGet(queue, false);
				Thread.sleep(50);
			}
			assertThat(response).as("the dispatch").isNotNull();
			Message message = new Message(response.getBody(), new DefaultMessagePropertiesConverter()
				.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8"));
			System.setProperty("com.zaxxer.hikari.throwIfSuspended", "true");
			pool.suspendPool();
			try {
				this.executor.execute(message, channel, response.getEnvelope().getDeliveryTag(), "test-worker",
						(j) -> "{\"run\":" + runs.incrementAndGet() + "}");
			}
			finally {
				pool.resumePool();
				System.clearProperty("com.zaxxer.hikari.throwIfSuspended");
			}
			// a requeue reaches another channel's count a moment later on RabbitMQ
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.admin.getQueueInfo(queue).getMessageCount() > 0);
			return (long) this.admin.getQueueInfo(queue).getMessageCount();
		});
		assertThat(readyWhileTheConsumerIsOpen).as("messages ready in the queue while the consumer is open")
			.isEqualTo(1L);
		assertThat(runs).as("the job did not run without its bookkeeping").hasValue(0);
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getState()).isEqualTo(JobState.QUEUED);
		// the database back: the requeued message runs the job
		deliverOnce(queue, (j) -> "{\"run\":" + runs.incrementAndGet() + "}");
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(runs).hasValue(1);
		assertThat(this.rabbit.receive(this.topology.deadQueue())).isNull();
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
