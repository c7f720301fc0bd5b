package io.deepdock.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps deepdock's own environment variables onto Spring's properties, so that an operator
 * configures every service the same way (locally, in CI and in Swarm) without knowing
 * Spring's names.
 *
 * <p>
 * {@code DEEPDOCK_DB_URL} (a JDBC URL), {@code DEEPDOCK_DB_USER},
 * {@code DEEPDOCK_DB_PASSWORD}, {@code DEEPDOCK_AMQP_URI}. A secret can come from a file
 * instead ({@code DEEPDOCK_DB_PASSWORD_FILE}, {@code DEEPDOCK_AMQP_PASSWORD_FILE}), which
 * is how Swarm secrets arrive. The web app's first admin comes from
 * {@code DEEPDOCK_ADMIN_USERNAME} and {@code DEEPDOCK_ADMIN_PASSWORD} (or
 * {@code DEEPDOCK_ADMIN_PASSWORD_FILE}). Spring's own properties, when set, win.
 */
public class DeepdockEnvironment implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "deepdockEnvironment";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String dbUrl = environment.getProperty("DEEPDOCK_DB_URL");
		if (dbUrl != null && !dbUrl.isBlank()) {
			properties.put("spring.datasource.url", dbUrl);
		}
		putIfPresent(properties, "spring.datasource.username", environment.getProperty("DEEPDOCK_DB_USER"));
		putIfPresent(properties, "spring.datasource.password", secret(environment, "DEEPDOCK_DB_PASSWORD"));
		String amqpUri = environment.getProperty("DEEPDOCK_AMQP_URI");
		String amqpPassword = secret(environment, "DEEPDOCK_AMQP_PASSWORD");
		if (amqpUri != null && !amqpUri.isBlank()) {
			properties.put("spring.rabbitmq.addresses", amqpUri);
		}
		putIfPresent(properties, "spring.rabbitmq.password", amqpPassword);
		// the first admin of the web app (a Swarm secret arrives as
		// DEEPDOCK_ADMIN_PASSWORD_FILE)
		putIfPresent(properties, "deepdock.security.admin.username",
				environment.getProperty("DEEPDOCK_ADMIN_USERNAME"));
		putIfPresent(properties, "deepdock.security.admin.password", secret(environment, "DEEPDOCK_ADMIN_PASSWORD"));
		// after the application's own files and Spring's properties: those win when both
		// are given
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, properties));
	}

	/**
	 * Fails with a message that says what to set when no database or broker is
	 * configured, instead of Spring's "Failed to determine a suitable driver class". Runs
	 * once every initializer has contributed its properties.
	 */
	static void requireInfrastructure(org.springframework.core.env.Environment environment) {
		if (environment.getProperty("spring.datasource.url") == null) {
			throw new IllegalStateException("No database configured: set DEEPDOCK_DB_URL (a JDBC URL such as "
					+ "jdbc:postgresql://127.0.0.1:5432/deepdock) with DEEPDOCK_DB_USER and DEEPDOCK_DB_PASSWORD, "
					+ "or run the whole platform with ./deepdock up");
		}
		if (environment.getProperty("spring.rabbitmq.addresses") == null
				&& environment.getProperty("spring.rabbitmq.host") == null) {
			throw new IllegalStateException("No AMQP broker configured: set DEEPDOCK_AMQP_URI "
					+ "(amqp://user:password@host:5672), or run the whole platform with ./deepdock up");
		}
	}

	private static void putIfPresent(Map<String, Object> properties, String key, String value) {
		if (value != null) {
			properties.put(key, value);
		}
	}

	/** {@code NAME}, or the trimmed content of the file named by {@code NAME_FILE}. */
	static String secret(ConfigurableEnvironment environment, String name) {
		String value = environment.getProperty(name);
		if (value != null) {
			return value;
		}
		String file = environment.getProperty(name + "_FILE");
		if (file == null || file.isBlank()) {
			return null;
		}
		try {
			return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + name + "_FILE " + file, ex);
		}
	}

}
