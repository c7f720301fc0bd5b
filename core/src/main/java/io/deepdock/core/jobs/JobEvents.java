package io.deepdock.core.jobs;

import java.time.Instant;
import java.util.Map;

import io.deepdock.core.contracts.JobProgressed;
import io.deepdock.core.contracts.JobStateChanged;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes job events to {@code deepdock.events} for every web replica to relay. Events
 * are a live view: the job row and its progress points in PostgreSQL stay the record, so
 * a lost event costs a late redraw, not data.
 */
@Component
public class JobEvents {

	private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

	private final RabbitTemplate rabbit;

	private final MessageCodec codec;

	private final Topology topology;

	JobEvents(RabbitTemplate rabbit, MessageCodec codec, Topology topology) {
		this.rabbit = rabbit;
		this.codec = codec;
		this.topology = topology;
	}

	public void stateChanged(Job job) {
		publish(Topology.jobStateKey(job.getId()),
				new JobStateChanged(job.getId(), job.getType(), job.getState(), job.getError(), Instant.now()));
	}

	public void progressed(long jobId, String kind, Integer epoch, Map<String, Double> metrics, String message) {
		publish(Topology.jobProgressKey(jobId), new JobProgressed(jobId, kind, epoch, metrics, message, Instant.now()));
	}

	private void publish(String routingKey, Object event) {
		try {
			this.rabbit.send(this.topology.eventsExchange(), routingKey, this.codec.encode(event));
		}
		catch (AmqpException ex) {
			log.warn("Event {} not published: {}", routingKey, ex.getMessage());
		}
	}

}
