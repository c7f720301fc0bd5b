package io.deepdock.embedded.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.deepdock.embedded.EmbeddedAmqpBroker;
import io.deepdock.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and AMQP broker that integration tests run against, started once per
 * test JVM.
 *
 * <p>
 * With nothing in the environment it starts the embedded ones. When the environment names
 * running ones ({@code DEEPDOCK_DB_URL}, {@code DEEPDOCK_DB_USER},
 * {@code DEEPDOCK_DB_PASSWORD}, {@code DEEPDOCK_AMQP_URI}, as CI does for the machine's
 * PostgreSQL and RabbitMQ), it uses those, isolated from every other run: a fresh
 * PostgreSQL schema and a fresh AMQP name prefix, both removed when the JVM exits.
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	/** Queues of the deepdock topology, deleted from an external broker after the run. */
	private static final List<String> QUEUES = List.of("jobs.train", "jobs.batch-predict", "jobs.import", "jobs.dead");

	/**
	 * Where the tests connect. {@code amqpNamespace} prefixes every exchange and queue
	 * name.
	 */
	public record Endpoints(String jdbcUrl, String user, String password, String amqpUri, String amqpNamespace,
			boolean external) {
	}

	private static Endpoints endpoints;

	private TestInfrastructure() {
	}

	public static synchronized Endpoints get() {
		if (endpoints == null) {
			endpoints = start();
		}
		return endpoints;
	}

	private static Endpoints start() {
		String dbUrl = System.getenv("DEEPDOCK_DB_URL");
		String amqpUri = System.getenv("DEEPDOCK_AMQP_URI");
		if (dbUrl != null && !dbUrl.isBlank() && amqpUri != null && !amqpUri.isBlank()) {
			return external(dbUrl, env("DEEPDOCK_DB_USER", "postgres"), env("DEEPDOCK_DB_PASSWORD", ""), amqpUri);
		}
		try {
			EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
			EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(null, 0);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				broker.close();
				try {
					postgres.close();
				}
				catch (Exception ex) {
					// the JVM is exiting; zonky's own hook removes the directory
				}
			}, "deepdock-test-infrastructure-stop"));
			return new Endpoints(postgres.jdbcUrl(), postgres.user(), postgres.password(), broker.amqpUri(), "", false);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not start the embedded PostgreSQL and AMQP broker", ex);
		}
	}

	private static Endpoints external(String dbUrl, String user, String password, String amqpUri) {
		String run = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(dbUrl, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + run);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create test schema in " + dbUrl, ex);
		}
		String url = dbUrl + (dbUrl.contains("?") ? "&" : "?") + "currentSchema=" + run;
		String namespace = run + ".";
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> cleanUp(dbUrl, user, password, run, amqpUri, namespace),
					"deepdock-test-infrastructure-clean"));
		log.info("Integration tests use external PostgreSQL {} (schema {}) and AMQP {} (prefix {})", dbUrl, run,
				amqpUri.replaceAll("//[^@]*@", "//"), namespace);
		return new Endpoints(url, user, password, amqpUri, namespace, true);
	}

	private static void cleanUp(String dbUrl, String user, String password, String schema, String amqpUri,
			String namespace) {
		try (Connection connection = DriverManager.getConnection(dbUrl, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			log.warn("could not drop test schema {}: {}", schema, ex.getMessage());
		}
		try {
			com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
			factory.setUri(amqpUri);
			try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
				for (String queue : QUEUES) {
					try (com.rabbitmq.client.Channel channel = connection.createChannel()) {
						channel.queueDelete(namespace + queue);
					}
				}
				for (String exchange : List.of("deepdock.jobs", "deepdock.events")) {
					try (com.rabbitmq.client.Channel channel = connection.createChannel()) {
						channel.exchangeDelete(namespace + exchange);
					}
				}
			}
		}
		catch (Exception ex) {
			log.warn("could not delete test queues with prefix {}: {}", namespace, ex.getMessage());
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
