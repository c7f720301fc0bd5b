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
 * The worker's consumers, one per lane: a training lane ({@code jobs.train}) and a short
 * lane ({@code jobs.import}, {@code jobs.batch-predict}). A worker runs at most one job
 * of each lane at a time, so an import or a batch never waits behind an hour of training,
 * and its memory is bounded by one training plus one short job. Each consumer holds at
 * most one unacknowledged message (a prefetch of one for its whole channel), so a job
 * waiting behind a busy lane is never stuck on this worker while another one is idle.
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

	@RabbitListener(id = "training-lane", queues = "${deepdock.amqp.namespace:}" + Topology.TRAIN_QUEUE,
			containerFactory = Topology.JOB_LISTENER_FACTORY)
	void onTraining(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag)
			throws IOException {
		run(message, channel, deliveryTag);
	}

	@RabbitListener(id = "short-lane",
			queues = { "${deepdock.amqp.namespace:}" + Topology.BATCH_PREDICT_QUEUE,
					"${deepdock.amqp.namespace:}" + Topology.IMPORT_QUEUE },
			containerFactory = Topology.JOB_LISTENER_FACTORY)
	void onShortJob(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag)
			throws IOException {
		run(message, channel, deliveryTag);
	}

	private void run(Message message, Channel channel, long deliveryTag) throws IOException {
		this.executor.execute(message, channel, deliveryTag, this.worker, (job) -> {
			WorkerJob runner = this.jobs.get(job.getType());
			if (runner == null) {
				throw new JobFailedException("This worker cannot run " + job.getType() + " jobs.");
			}
			return runner.run(job);
		});
	}

}
