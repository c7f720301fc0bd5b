package io.deepdock.embedded.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at {@link TestInfrastructure}: the one place where tests
 * get their connection details, in the spirit of Testcontainers'
 * {@code @ServiceConnection}.
 */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String MEDIA_DIR = "deepdock.media.dir";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestInfrastructure.Endpoints endpoints = TestInfrastructure.get();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", endpoints.jdbcUrl());
		properties.put("spring.datasource.username", endpoints.user());
		properties.put("spring.datasource.password", endpoints.password());
		properties.put("spring.rabbitmq.addresses", endpoints.amqpUri());
		properties.put("deepdock.amqp.namespace", endpoints.amqpNamespace());
		// Spring keeps every test context it has started, each with its own pool: an idle
		// one holds a single connection, so that a whole module's contexts stay well
		// under
		// a PostgreSQL's max_connections (100 on a stock server)
		properties.put("spring.datasource.hikari.minimum-idle", "1");
		properties.put("spring.datasource.hikari.idle-timeout", "10000");
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("deepdock-test-infrastructure", properties));
		// media storage is a directory: a context whose test names none gets an empty one
		// of its own, last in line, so a test's own (@DynamicPropertySource) still wins
		if (!context.getEnvironment().containsProperty(MEDIA_DIR)) {
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("deepdock-test-media", Map.of(MEDIA_DIR, mediaDirectory())));
		}
	}

	private static String mediaDirectory() {
		try {
			return Files.createTempDirectory("deepdock-test-media-").toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
