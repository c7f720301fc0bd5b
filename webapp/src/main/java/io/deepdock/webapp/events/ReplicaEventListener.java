package io.deepdock.webapp.events;

import java.util.UUID;

import io.deepdock.core.contracts.JobProgressed;
import io.deepdock.core.contracts.JobStateChanged;
import io.deepdock.core.contracts.MalformedMessageException;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.ModelPromoted;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.ml.Task;
import io.deepdock.webapp.jobs.JobEventRelay;
import io.deepdock.webapp.replica.ReplicaProperties;
import io.deepdock.webapp.serving.ModelServing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every web replica has its own queue on {@code deepdock.events}, removed when the
 * replica goes, so each one hears every event: {@code model.promoted} makes it hot-swap,
 * job events go to the browsers it streams to (a browser connected to replica A sees the
 * progress of a job submitted through replica B).
 */
@Configuration(proxyBeanMethods = false)
class ReplicaEventListener {

	private static final Logger log = LoggerFactory.getLogger(ReplicaEventListener.class);

	static final String QUEUE_BEAN = "replicaEvents";

	private final ModelServing serving;

	private final JobEventRelay jobs;

	private final MessageCodec codec;

	ReplicaEventListener(ModelServing serving, JobEventRelay jobs, MessageCodec codec) {
		this.serving = serving;
		this.jobs = jobs;
		this.codec = codec;
	}

	@Bean(QUEUE_BEAN)
	static Queue replicaEvents(Topology topology, ReplicaProperties replica) {
		// not exclusive (the embedded broker scopes exclusive queues to one channel);
		// auto-delete removes it with
		// its consumer, and the random part keeps a restarted replica from sharing its
		// predecessor's queue
		String name = "webapp." + replica.replica() + "." + UUID.randomUUID().toString().substring(0, 8) + ".events";
		return new Queue(topology.queue(name), false, false, true);
	}

	@Bean
	static Declarables replicaEventBindings(Topology topology, @Qualifier(QUEUE_BEAN) Queue queue) {
		TopicExchange events = new TopicExchange(topology.eventsExchange());
		return new Declarables(BindingBuilder.bind(queue).to(events).with(Topology.MODEL_PROMOTED_PATTERN),
				BindingBuilder.bind(queue).to(events).with(Topology.JOB_EVENTS_PATTERN));
	}

	@RabbitListener(queues = "#{@" + QUEUE_BEAN + ".name}")
	void onEvent(Message message) {
		Object event;
		try {
			event = this.codec.decode(message);
		}
		catch (MalformedMessageException ex) {
			log.warn("Ignoring an event that cannot be read: {}", ex.getMessage());
			return;
		}
		if (event instanceof ModelPromoted promoted) {
			log.info("Promotion of {} v{} announced", promoted.task(), promoted.version());
			this.serving.reconcile(Task.fromId(promoted.task()));
		}
		else if (event instanceof JobStateChanged changed) {
			this.jobs.stateChanged(changed);
		}
		else if (event instanceof JobProgressed progressed) {
			this.jobs.progressed(progressed);
		}
	}

}
