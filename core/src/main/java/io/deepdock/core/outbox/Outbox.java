package io.deepdock.core.outbox;

import io.deepdock.core.contracts.MessageCodec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a message into the {@code outbox} table inside the caller's transaction. The
 * message leaves for the broker only once that transaction commits (the relay publishes
 * it with a confirm), so the row it announces and the message exist together or not at
 * all.
 */
@Component
public class Outbox {

	private final JdbcTemplate jdbc;

	private final MessageCodec codec;

	private final OutboxRelay relay;

	Outbox(JdbcTemplate jdbc, MessageCodec codec, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.relay = relay;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueue(String exchange, String routingKey, Object message) {
		this.jdbc.update("INSERT INTO outbox (exchange, routing_key, type_id, payload) VALUES (?, ?, ?, ?::jsonb)",
				exchange, routingKey, MessageCodec.typeId(message.getClass()), this.codec.toJson(message));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					// publish now rather than at the next poll: keeps submit-to-running
					// latency low
					Outbox.this.relay.wakeUp();
				}
			});
		}
	}

}
