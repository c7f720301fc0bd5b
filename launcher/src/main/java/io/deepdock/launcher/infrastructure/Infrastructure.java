package io.deepdock.launcher.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.deepdock.embedded.EmbeddedAmqpBroker;
import io.deepdock.embedded.EmbeddedPostgresServer;
import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.layout.Layout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL and the AMQP broker for a local run: the ones that {@code DEEPDOCK_DB_URL}
 * and {@code DEEPDOCK_AMQP_URI} name, or else a real PostgreSQL (data in
 * {@code .deepdock/postgres}, so it survives restarts) and an AMQP broker inside this
 * JVM, both on free ports.
 */
public final class Infrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

	private final Endpoints endpoints;

	private final EmbeddedPostgresServer postgres;

	private final EmbeddedAmqpBroker broker;

	private Infrastructure(Endpoints endpoints, EmbeddedPostgresServer postgres, EmbeddedAmqpBroker broker) {
		this.endpoints = endpoints;
		this.postgres = postgres;
		this.broker = broker;
	}

	public static Infrastructure start(Layout layout, Map<String, String> environment) {
		String dbUrl = environment.get("DEEPDOCK_DB_URL");
		String amqpUri = environment.get("DEEPDOCK_AMQP_URI");
		boolean hasDb = dbUrl != null && !dbUrl.isBlank();
		boolean hasAmqp = amqpUri != null && !amqpUri.isBlank();
		if (hasDb && hasAmqp) {
			Endpoints endpoints = new Endpoints(dbUrl, environment.getOrDefault("DEEPDOCK_DB_USER", "postgres"),
					environment.getOrDefault("DEEPDOCK_DB_PASSWORD", ""), amqpUri, true);
			log.info("Using external PostgreSQL {} and AMQP broker {}", endpoints.jdbcAddress(),
					endpoints.amqpAddress());
			return new Infrastructure(endpoints, null, null);
		}
		if (hasDb != hasAmqp) {
			throw new DeepdockException("set both DEEPDOCK_DB_URL and DEEPDOCK_AMQP_URI to use external services, "
					+ "or neither to use the embedded ones (only " + (hasDb ? "DEEPDOCK_DB_URL" : "DEEPDOCK_AMQP_URI")
					+ " is set)");
		}
		EmbeddedPostgresServer postgres;
		try {
			postgres = EmbeddedPostgresServer.start(layout.postgres(), 0);
		}
		catch (Exception ex) {
			throw new DeepdockException(
					"the embedded PostgreSQL did not start (data in " + layout.postgres() + "): " + rootMessage(ex),
					ex);
		}
		try {
			EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(layout.broker(), 0);
			Endpoints endpoints = new Endpoints(postgres.jdbcUrl(), postgres.user(), postgres.password(),
					broker.amqpUri(), false);
			return new Infrastructure(endpoints, postgres, broker);
		}
		catch (Exception ex) {
			closeQuietly(postgres);
			throw new DeepdockException("the embedded AMQP broker did not start: " + rootMessage(ex), ex);
		}
	}

	public Endpoints endpoints() {
		return this.endpoints;
	}

	/**
	 * The embedded PostgreSQL server's pid (from its {@code postmaster.pid}), or 0: it
	 * runs in a session of its own and would outlive a launcher that is killed.
	 */
	public long postgresPid(Layout layout) {
		if (this.postgres == null) {
			return 0;
		}
		try {
			List<String> lines = Files.readAllLines(layout.postgres().resolve("postmaster.pid"));
			return lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).trim());
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	/** Stops the broker, then PostgreSQL (the services must be gone by now). */
	@Override
	public void close() {
		if (this.broker != null) {
			try {
				this.broker.close();
				log.info("Stopped the AMQP broker");
			}
			catch (RuntimeException ex) {
				log.warn("Could not stop the AMQP broker cleanly: {}", ex.getMessage());
			}
		}
		if (this.postgres != null) {
			closeQuietly(this.postgres);
			log.info("Stopped PostgreSQL");
		}
	}

	private static void closeQuietly(EmbeddedPostgresServer postgres) {
		try {
			postgres.close();
		}
		catch (Exception ex) {
			log.warn("Could not stop PostgreSQL cleanly: {}", ex.getMessage());
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

}
