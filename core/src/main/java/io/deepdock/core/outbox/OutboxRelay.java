package io.deepdock.core.outbox;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.deepdock.core.contracts.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to the broker, each with a publisher confirm, and deletes a row
 * only once the broker has confirmed it. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can relay at once without
 * publishing a row twice. A failed publish stays in the table and is tried again.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private record Row(long id, String exchange, String routingKey, String typeId, String payload) {
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ConfirmedPublisher publisher;

	private final MessageCodec codec;

	private final OutboxProperties properties;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread thread;

	private volatile boolean running;

	OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, ConfirmedPublisher publisher, MessageCodec codec,
			OutboxProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
		this.codec = codec;
		this.properties = properties;
	}

	/** Asks the relay to look at the outbox now. */
	public void wakeUp() {
		this.wakeUps.release();
	}

	/**
	 * Publishes what is in the outbox now.
	 * @return how many rows were published
	 */
	public int relayOnce() {
		Integer published = this.transactions.execute((status) -> {
			List<Row> rows = this.jdbc.query(
					"SELECT id, exchange, routing_key, type_id, payload::text FROM outbox ORDER BY id LIMIT ? "
							+ "FOR UPDATE SKIP LOCKED",
					(rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5)),
					this.properties.batchSize());
			int count = 0;
			for (Row row : rows) {
				try {
					publishConfirmed(row);
					this.jdbc.update("DELETE FROM outbox WHERE id = ?", row.id());
					count++;
				}
				catch (RuntimeException ex) {
					log.warn("Outbox message {} ({}) not published, will retry: {}", row.id(), row.typeId(),
							ex.getMessage());
					// keep going: one message the broker refuses must not hold back the
					// others
					this.jdbc.update("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
							String.valueOf(ex.getMessage()), row.id());
				}
			}
			return count;
		});
		return (published != null) ? published : 0;
	}

	private void publishConfirmed(Row row) {
		this.publisher.publish(row.exchange(), row.routingKey(), this.codec.encode(row.typeId(), row.payload()),
				this.properties.confirmTimeout());
	}

	private void loop() {
		long poll = this.properties.pollInterval().toMillis();
		while (this.running) {
			try {
				this.wakeUps.tryAcquire(poll, TimeUnit.MILLISECONDS);
				this.wakeUps.drainPermits();
				relayOnce();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Outbox relay pass failed, will retry: {}", ex.getMessage());
				sleepQuietly(poll);
			}
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		if (!this.properties.relayEnabled()) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::loop, "outbox-relay");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay != null) {
			relay.interrupt();
			try {
				relay.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops before the connection factory and the data source
		return Integer.MAX_VALUE - 100;
	}

}
