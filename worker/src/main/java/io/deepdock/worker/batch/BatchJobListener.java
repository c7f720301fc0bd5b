package io.deepdock.worker.batch;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import io.deepdock.core.jobs.JobExecutor;
import io.deepdock.core.messaging.Topology;
import io.deepdock.worker.WorkerProperties;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/** Consumes {@code jobs.batch-predict} (BATCH_PREDICT jobs), one at a time. */
@Component
class BatchJobListener {

	private final JobExecutor executor;

	private final BatchPredictionJob batch;

	private final String worker;

	BatchJobListener(JobExecutor executor, BatchPredictionJob batch, WorkerProperties properties) {
		this.executor = executor;
		this.batch = batch;
		this.worker = properties.replica();
	}

	@RabbitListener(queues = "${deepdock.amqp.namespace:}" + Topology.BATCH_PREDICT_QUEUE,
			containerFactory = Topology.JOB_LISTENER_FACTORY)
	void onMessage(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag)
			throws IOException {
		this.executor.execute(message, channel, deliveryTag, this.worker, this.batch::run);
	}

}
