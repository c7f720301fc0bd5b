package io.deepdock.webapp.serving;

import io.deepdock.core.messaging.MessageCodec;
import io.deepdock.core.messaging.ModelPromoted;
import io.deepdock.core.messaging.Topology;
import io.deepdock.core.ml.Task;
import io.deepdock.webapp.replica.ReplicaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every web replica has its own queue on {@code deepdock.events} (removed when the
 * replica goes), so each one hears each {@code model.promoted} event and hot-swaps.
 */
@Configuration(proxyBeanMethods = false)
class PromotionListener {

	private static final Logger log = LoggerFactory.getLogger(PromotionListener.class);

	static final String QUEUE_BEAN = "replicaModelEvents";

	private final ModelServing serving;

	private final MessageCodec codec;

	PromotionListener(ModelServing serving, MessageCodec codec) {
		this.serving = serving;
		this.codec = codec;
	}

	@Bean(QUEUE_BEAN)
	static Queue replicaModelEvents(Topology topology, ReplicaProperties replica) {
		// not exclusive: the embedded broker scopes exclusive queues to one channel;
		// auto-delete removes it with
		// its consumer
		return new Queue(topology.queue("webapp." + replica.replica() + "."
				+ java.util.UUID.randomUUID().toString().substring(0, 8) + ".models"), false, false, true);
	}

	@Bean
	static Declarables replicaModelEventsBinding(Topology topology,
			@org.springframework.beans.factory.annotation.Qualifier(QUEUE_BEAN) Queue queue) {
		Binding binding = BindingBuilder.bind(queue)
			.to(new TopicExchange(topology.eventsExchange()))
			.with("model.*.promoted");
		return new Declarables(binding);
	}

	@RabbitListener(queues = "#{@" + QUEUE_BEAN + ".name}")
	void onEvent(Message message) {
		ModelPromoted promoted = this.codec.decode(message, ModelPromoted.class);
		log.info("Promotion of {} v{} announced", promoted.task(), promoted.version());
		this.serving.reconcile(Task.fromId(promoted.task()));
	}

}
