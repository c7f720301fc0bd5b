package io.deepdock.embedded;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker inside this JVM (Apache Qpid Broker-J, in-memory store). It speaks
 * the same protocol as RabbitMQ for everything deepdock uses (direct and topic exchanges,
 * durable queues, publisher confirms, manual ack), but it rejects RabbitMQ's
 * {@code x-dead-letter-*} and {@code x-message-ttl} arguments, which is why the
 * application dead-letters by republishing.
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedAmqpBroker.class);

	public static final String USER = "deepdock";

	public static final String PASSWORD = "deepdock";

	private final SystemLauncher launcher;

	private final int port;

	private EmbeddedAmqpBroker(SystemLauncher launcher, int port) {
		this.launcher = launcher;
		this.port = port;
	}

	/**
	 * Starts a broker.
	 * @param workDirectory where Qpid keeps its work files; {@code null} for a temporary
	 * one
	 * @param port the AMQP port, or 0 for a free one
	 */
	public static EmbeddedAmqpBroker start(Path workDirectory, int port) throws Exception {
		Quiet.qpid();
		int amqpPort = (port > 0) ? port : FreePorts.find();
		Path work = (workDirectory != null) ? Files.createDirectories(workDirectory)
				: Files.createTempDirectory("deepdock-qpid");
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "Memory");
		// real resource URLs (jar:nested: inside a Boot fat jar); Qpid's default
		// "classpath:" ones fail there
		attributes.put("initialConfigurationLocation", resource("qpid-config.json"));
		attributes.put("initialSystemPropertiesLocation", resource("qpid-system.properties"));
		attributes.put("startupLoggedToSystemOut", false);
		Map<String, String> context = new HashMap<>();
		context.put("qpid.amqp_port", Integer.toString(amqpPort));
		context.put("qpid.work_dir", work.toString());
		context.put("deepdock.amqp.user", USER);
		context.put("deepdock.amqp.password", PASSWORD);
		attributes.put("context", context);
		SystemLauncher launcher = new SystemLauncher();
		launcher.startup(attributes);
		log.info("Embedded AMQP broker listening on 127.0.0.1:{}", amqpPort);
		return new EmbeddedAmqpBroker(launcher, amqpPort);
	}

	private static String resource(String name) throws IOException {
		URL url = EmbeddedAmqpBroker.class.getResource(name);
		if (url == null) {
			throw new IOException("missing resource " + name);
		}
		return url.toExternalForm();
	}

	public int port() {
		return this.port;
	}

	public String amqpUri() {
		return "amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.launcher.shutdown();
	}

}
