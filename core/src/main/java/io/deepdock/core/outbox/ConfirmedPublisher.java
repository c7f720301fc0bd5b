package io.deepdock.core.outbox;

import java.time.Duration;
import java.util.function.Consumer;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Publishes a message and waits for the broker's confirm of that message, on the one
 * channel it was published on; anything short of a confirm is an exception, so the caller
 * keeps the message and tries again.
 * <p>
 * Not {@code RabbitTemplate.invoke(send; waitForConfirmsOrDie)}: that waits through the
 * cached channel's proxy, which swaps a channel the broker has closed for a new one. A
 * publish the broker refused (it closes the channel, for example when the exchange does
 * not exist) then reads as confirmed whenever the close arrives before the wait, and the
 * message is lost. {@code ConfirmedPublisherIT} shows both.
 */
@Component
public class ConfirmedPublisher {

	private final RabbitTemplate rabbit;

	private final Consumer<Channel> afterPublish;

	@Autowired
	public ConfirmedPublisher(RabbitTemplate rabbit) {
		this(rabbit, (channel) -> {
		});
	}

	/**
	 * For tests: {@code afterPublish} runs between the publish and the wait, on the
	 * channel of the publish.
	 */
	ConfirmedPublisher(RabbitTemplate rabbit, Consumer<Channel> afterPublish) {
		this.rabbit = rabbit;
		this.afterPublish = afterPublish;
	}

	/**
	 * Publishes {@code message} and returns once the broker has confirmed it.
	 * @throws AmqpException when the broker refused or nacked it, its channel closed, or
	 * no confirm came within {@code timeout}
	 */
	public void publish(String exchange, String routingKey, Message message, Duration timeout) {
		this.rabbit.execute((channel) -> {
			Channel target = (channel instanceof ChannelProxy proxy) ? proxy.getTargetChannel() : channel;
			if (target == null || !target.isOpen()) {
				throw new AmqpException("The channel closed before the publish");
			}
			this.rabbit.doSend(target, exchange, routingKey, message, false, null);
			this.afterPublish.accept(target);
			// the channel itself: if the broker closed it, this throws its close reason
			target.waitForConfirmsOrDie(timeout.toMillis());
			return null;
		});
	}

}
