package io.deepdock.embedded.test;

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

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestInfrastructure.Endpoints endpoints = TestInfrastructure.get();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", endpoints.jdbcUrl());
		properties.put("spring.datasource.username", endpoints.user());
		properties.put("spring.datasource.password", endpoints.password());
		properties.put("spring.rabbitmq.addresses", endpoints.amqpUri());
		properties.put("deepdock.amqp.namespace", endpoints.amqpNamespace());
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("deepdock-test-infrastructure", properties));
	}

}
