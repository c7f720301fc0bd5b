package io.deepdock.worker.jobs;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import io.deepdock.worker.jobs.JobExecutor;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.Topology;
import io.deepdock.worker.WorkerProperties;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The worker's one consumer, on every job queue: a worker runs one job at a time,
 * whatever its type, so its memory is bounded by the largest job, not the sum of three.
 * The consumer holds at most one unacknowledged message across the queues (a prefetch of
 * one for the whole channel), so a job waiting behind a long training is never stuck on a
 * busy worker while another one is idle.
 */
@Component
class JobListener {

	private final JobExecutor executor;

	private final Map<JobType, WorkerJob> jobs = new EnumMap<>(JobType.class);

	private final String worker;

	JobListener(JobExecutor executor, List<WorkerJob> jobs, WorkerProperties properties) {
		this.executor = executor;
		for (WorkerJob job : jobs) {
			job.types().forEach((type) -> this.jobs.put(type, job));
		}
		this.worker = properties.replica();
	}

	@RabbitListener(
			queues = { "${deepdock.amqp.namespace:}" + Topology.TRAIN_QUEUE,
					"${deepdock.amqp.namespace:}" + Topology.BATCH_PREDICT_QUEUE,
					"${deepdock.amqp.namespace:}" + Topology.IMPORT_QUEUE },
			containerFactory = Topology.JOB_LISTENER_FACTORY)
	void onMessage(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag)
			throws IOException {
		this.executor.execute(message, channel, deliveryTag, this.worker, (job) -> {
			WorkerJob runner = this.jobs.get(job.getType());
			if (runner == null) {
				throw new JobFailedException("This worker cannot run " + job.getType() + " jobs.");
			}
			return runner.run(job);
		});
	}

}
