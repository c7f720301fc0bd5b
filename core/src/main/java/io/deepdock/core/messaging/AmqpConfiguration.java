package io.deepdock.core.messaging;

import io.deepdock.core.contracts.Topology;

import io.deepdock.core.jobs.JobProperties;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topology as beans, declared by every service on connect. No {@code x-dead-letter-*}
 * or {@code x-message-ttl} arguments: the embedded broker rejects them, so dead-lettering
 * is done by the application.
 */
@Configuration(proxyBeanMethods = false)
class AmqpConfiguration {

	/**
	 * Listener container factory for job queues: one message at a time, acknowledged by
	 * the application.
	 */
	static final String JOB_LISTENER_FACTORY = "jobListenerFactory";

	@Bean
	Declarables deepdockTopology(Topology topology) {
		DirectExchange jobs = new DirectExchange(topology.jobsExchange(), true, false);
		TopicExchange events = new TopicExchange(topology.eventsExchange(), true, false);
		Queue train = QueueBuilder.durable(topology.trainQueue()).build();
		Queue batch = QueueBuilder.durable(topology.batchPredictQueue()).build();
		Queue imports = QueueBuilder.durable(topology.importQueue()).build();
		Queue dead = QueueBuilder.durable(topology.deadQueue()).build();
		Binding trainBinding = BindingBuilder.bind(train).to(jobs).with(Topology.TRAIN_KEY);
		Binding batchBinding = BindingBuilder.bind(batch).to(jobs).with(Topology.BATCH_PREDICT_KEY);
		Binding importBinding = BindingBuilder.bind(imports).to(jobs).with(Topology.IMPORT_KEY);
		Binding deadBinding = BindingBuilder.bind(dead).to(jobs).with(Topology.DEAD_KEY);
		return new Declarables(jobs, events, train, batch, imports, dead, trainBinding, batchBinding, importBinding,
				deadBinding);
	}

	@Bean(Topology.JOB_LISTENER_FACTORY)
	SimpleRabbitListenerContainerFactory jobListenerFactory(ConnectionFactory connectionFactory, JobProperties jobs) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		factory.setAutoStartup(jobs.consume());
		factory.setConnectionFactory(connectionFactory);
		// a worker runs one job at a time and acknowledges it only when the job has
		// reached an end state
		factory.setPrefetchCount(1);
		// one unacknowledged message for the whole channel, not one per queue: the
		// worker's single consumer reads every job queue, and a second message held
		// here would wait behind the running job while another worker is idle
		factory.setGlobalQos(true);
		factory.setConcurrentConsumers(1);
		factory.setMaxConcurrentConsumers(1);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		// never requeue forever: failures are retried and dead-lettered by JobExecutor
		factory.setDefaultRequeueRejected(false);
		factory.setMissingQueuesFatal(false);
		return factory;
	}

}
