package io.deepdock.core.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.rabbitmq.client.Channel;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A publish counts as done only when the broker confirmed it on the channel it went out
 * on, even when the broker closes that channel before the wait begins.
 */
@SpringBootTest(properties = "deepdock.outbox.relay-enabled=false")
@WithInfrastructure
class ConfirmedPublisherIT {

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	private static Message message(String text) {
		return MessageBuilder.withBody(text.getBytes(StandardCharsets.UTF_8)).build();
	}

	private static void untilClosed(Channel channel) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !channel.isOpen());
	}

	@Test
	void aConfirmedMessageReachesItsQueue() {
		DirectExchange exchange = new DirectExchange("confirmed-" + System.nanoTime(), false, true);
		Queue queue = new AnonymousQueue();
		this.admin.declareExchange(exchange);
		this.admin.declareQueue(queue);
		this.admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("key"));
		try {
			new ConfirmedPublisher(this.rabbit).publish(exchange.getName(), "key", message("hello"),
					Duration.ofSeconds(10));
			Message received = this.rabbit.receive(queue.getName(), 10_000);
			assertThat(received).isNotNull();
			assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
		}
		finally {
			// the exchange is auto-delete: it goes with its last binding
			this.admin.deleteQueue(queue.getName());
		}
	}

	@Test
	void aPublishTheBrokerRefusedFailsEvenWhenItsChannelClosedBeforeTheWait() {
		// the broker closes the channel of a publish to an exchange that does not exist;
		// the hook holds the wait back until it has
		ConfirmedPublisher publisher = new ConfirmedPublisher(this.rabbit, ConfirmedPublisherIT::untilClosed);
		assertThatThrownBy(() -> publisher.publish("no-such-exchange-" + System.nanoTime(), "key", message("lost?"),
				Duration.ofSeconds(10)))
			.isInstanceOf(AmqpException.class)
			.hasStackTraceContaining("no-such-exchange-");
	}

	@Test
	void theTemplatesOwnWaitReadsARefusedPublishAsConfirmedOnceItsChannelHasClosed() {
		// why ConfirmedPublisher exists: the cached channel's proxy swaps the closed
		// channel for a new one, whose wait has nothing to wait for
		String exchange = "no-such-exchange-" + System.nanoTime();
		assertThatCode(() -> this.rabbit.invoke((operations) -> {
			operations.execute((channel) -> {
				channel.basicPublish(exchange, "key", null, "lost".getBytes(StandardCharsets.UTF_8));
				untilClosed(((ChannelProxy) channel).getTargetChannel());
				return null;
			});
			operations.waitForConfirmsOrDie(10_000);
			return null;
		})).doesNotThrowAnyException();
	}

}
