package io.deepdock.worker.jobs;

import java.time.Duration;

import com.rabbitmq.client.GetResponse;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.outbox.OutboxRelay;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import static org.awaitility.Awaitility.await;

/**
 * What the job integration tests ({@code JobExecutorIT}, {@code JobFilesIT}) share: one
 * delivery taken from a real queue by hand (manual ack) and run through the real
 * {@link JobExecutor}, as a worker's listener would, so a test decides when each delivery
 * happens, and the leading scheduler's redispatch of a retried job, by hand too.
 */
final class Deliveries {

	private Deliveries() {
	}

	/**
	 * Takes one delivery from {@code queue} (waiting up to 5 s for it) and runs it
	 * through {@code executor} as worker {@code test-worker}.
	 * @return whether there was a delivery
	 */
	static boolean deliverOnce(RabbitTemplate rabbit, JobExecutor executor, String queue, JobHandler handler) {
		Boolean delivered = rabbit.execute((channel) -> {
			GetResponse response = null;
			for (int i = 0; i < 100 && response == null; i++) {
				response = channel.basicGet(queue, false);
				if (response == null) {
					Thread.sleep(50);
				}
			}
			if (response == null) {
				return false;
			}
			Message message = new Message(response.getBody(), new DefaultMessagePropertiesConverter()
				.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8"));
			message.getMessageProperties().setConsumerQueue(queue);
			executor.execute(message, channel, response.getEnvelope().getDeliveryTag(), "test-worker", handler);
			return true;
		});
		return Boolean.TRUE.equals(delivered);
	}

	/**
	 * What the leading scheduler does every second: dispatch job {@code jobId} again once
	 * its backoff has passed, through the outbox (whose relay is off in these tests).
	 */
	static void redispatchWhenDue(JobReaper reaper, OutboxRelay relay, JobRepository jobs, long jobId) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			reaper.dispatchDueJobs();
			return jobs.findById(jobId).orElseThrow().getNotBefore() == null;
		});
		relay.relayOnce();
	}

}
