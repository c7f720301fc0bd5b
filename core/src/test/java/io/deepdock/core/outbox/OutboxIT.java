package io.deepdock.core.outbox;

import java.nio.file.Path;
import java.time.Duration;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
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
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The transactional outbox: a job row and its dispatch message exist together or not at
 * all.
 */
@SpringBootTest
@WithInfrastructure
class OutboxIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobSubmission submission;

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

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void emptyOutboxAndQueue() {
		// classes whose relay is off (RetentionIT, ...) share the schema and leave rows
		// behind; this context's relay may already have sent some, hence the purge after
		this.jdbc.update("DELETE FROM outbox");
		this.admin.purgeQueue(this.topology.importQueue(), false);
	}

	@Test
	void submittedJobReachesItsQueueAndLeavesTheOutboxEmpty() {
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}");
		Message message = this.rabbit.receive(this.topology.importQueue(), 10_000);
		assertThat(message).isNotNull();
		assertThat(this.codec.decode(message, JobDispatched.class))
			.isEqualTo(new JobDispatched(job.getId(), "IMPORT_DATASET"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(this.jdbc.queryForObject("SELECT count(*) FROM outbox WHERE payload->>'jobId' = ?",
							Long.class, job.getId().toString()))
						.isZero());
	}

	@Test
	void rolledBackSubmissionLeavesNeitherJobNorMessage() {
		long jobsBefore = this.jobs.count();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}");
			throw new IllegalStateException("the request failed after submitting");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(this.jobs.count()).isEqualTo(jobsBefore);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class)).isZero();
		assertThat(this.rabbit.receive(this.topology.importQueue(), 1500)).isNull();
	}

	@Test
	void messageWaitsInTheOutboxWhileTheBrokerRefusesAndIsPublishedLater() {
		// an outbox row whose exchange does not exist: the broker closes the channel, the
		// row stays for retry
		this.transactions.executeWithoutResult((status) -> this.jdbc.update(
				"INSERT INTO outbox (exchange, routing_key, type_id, payload) VALUES (?, ?, ?, ?::jsonb)",
				"no-such-exchange-" + System.nanoTime(), "import", "job.dispatched.v1",
				"{\"jobId\":1,\"type\":\"IMPORT_DATASET\"}"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc.queryForObject(
					"SELECT max(attempts) FROM outbox WHERE exchange LIKE 'no-such-exchange-%'", Integer.class))
				.isPositive());
		// once the exchange exists (the broker is back), the same row goes out
		String exchange = this.jdbc.queryForObject(
				"SELECT exchange FROM outbox WHERE exchange LIKE 'no-such-exchange-%' LIMIT 1", String.class);
		this.admin.declareExchange(new org.springframework.amqp.core.DirectExchange(exchange, false, true));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForObject("SELECT count(*) FROM outbox WHERE exchange = ?", Long.class, exchange))
				.isZero());
		this.admin.deleteExchange(exchange);
	}

}
