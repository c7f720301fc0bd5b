package io.deepdock.worker.jobs;

import java.time.Duration;

import com.rabbitmq.client.GetResponse;
import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.awaitility.Awaitility.await;

/**
 * What the job integration tests ({@code JobExecutorIT}, {@code JobFilesIT}) share: one
 * delivery taken from a real queue by hand (manual ack) and run through the real
 * {@link JobExecutor}, as a worker's listener would, so a test decides when each delivery
 * happens, and the leading scheduler's redispatch of a retried job, by hand too.
 * <p>
 * The queues and the jobs table are shared by every test class of the JVM, so a dispatch
 * of a job that existed before this test began (one an earlier class left waiting for its
 * retry, which a redispatch here sends again with this test's) is a leftover: it is
 * acknowledged and dropped, never run in place of this test's own job.
 */
final class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	private final RabbitTemplate rabbit;

	private final JobExecutor executor;

	private final MessageCodec codec;

	private final JobRepository jobs;

	/** The newest job when the test began: dispatches of it and older are leftovers. */
	private final long leftoversUpTo;

	private Deliveries(RabbitTemplate rabbit, JobExecutor executor, MessageCodec codec, JobRepository jobs) {
		this.rabbit = rabbit;
		this.executor = executor;
		this.codec = codec;
		this.jobs = jobs;
		this.leftoversUpTo = jobs.findAll(PageRequest.of(0, 1, Sort.by(Sort.Direction.DESC, "id")))
			.stream()
			.mapToLong(Job::getId)
			.findFirst()
			.orElse(0);
	}

	/** Call it before the test creates its jobs. */
	static Deliveries forThisTest(RabbitTemplate rabbit, JobExecutor executor, MessageCodec codec, JobRepository jobs) {
		return new Deliveries(rabbit, executor, codec, jobs);
	}

	/**
	 * Takes the next delivery of a job of this test from {@code queue} (waiting up to 5 s
	 * for it) and runs it through the executor as worker {@code test-worker}.
	 * @return whether there was a delivery
	 */
	boolean deliverOnce(String queue, JobHandler handler) {
		Boolean delivered = this.rabbit.execute((channel) -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < deadline) {
				GetResponse response = channel.basicGet(queue, false);
				if (response == null) {
					Thread.sleep(50);
					continue;
				}
				Message message = new Message(response.getBody(), new DefaultMessagePropertiesConverter()
					.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8"));
				message.getMessageProperties().setConsumerQueue(queue);
				Long leftover = leftoverJob(message);
				if (leftover != null) {
					log.info("Dropping a dispatch of job {}, which an earlier test class left", leftover);
					channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
					continue;
				}
				this.executor.execute(message, channel, response.getEnvelope().getDeliveryTag(), "test-worker",
						handler);
				return true;
			}
			return false;
		});
		return Boolean.TRUE.equals(delivered);
	}

	private Long leftoverJob(Message message) {
		try {
			long jobId = this.codec.decode(message, JobDispatched.class).jobId();
			return (jobId <= this.leftoversUpTo) ? jobId : null;
		}
		catch (RuntimeException malformed) {
			// not a dispatch this class can read: the executor's to judge
			return null;
		}
	}

	/**
	 * What the leading scheduler does every second: dispatch job {@code jobId} again once
	 * its backoff has passed, through the outbox (whose relay is off in these tests).
	 */
	void redispatchWhenDue(JobReaper reaper, OutboxRelay relay, long jobId) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			reaper.dispatchDueJobs();
			return this.jobs.findById(jobId).orElseThrow().getNotBefore() == null;
		});
		relay.relayOnce();
	}

}
