package io.deepdock.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeepdockEnvironmentTest {

	StandardEnvironment environment(Map<String, Object> values) {
		StandardEnvironment environment = new StandardEnvironment();
		// only what the test gives: not the DEEPDOCK_* variables of the machine running
		// the tests
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("test", values));
		return environment;
	}

	@Test
	void mapsDeepdockVariablesOntoSpringProperties() {
		StandardEnvironment env = environment(Map.of("DEEPDOCK_DB_URL", "jdbc:postgresql://db/deepdock",
				"DEEPDOCK_DB_USER", "app", "DEEPDOCK_DB_PASSWORD", "pw", "DEEPDOCK_AMQP_URI", "amqp://u:p@mq:5672"));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db/deepdock");
		assertThat(env.getProperty("spring.datasource.username")).isEqualTo("app");
		assertThat(env.getProperty("spring.datasource.password")).isEqualTo("pw");
		assertThat(env.getProperty("spring.rabbitmq.addresses")).isEqualTo("amqp://u:p@mq:5672");
	}

	@Test
	void readsASecretFromItsFile(@TempDir Path dir) throws Exception {
		Path secret = Files.writeString(dir.resolve("db_password"), "s3cret\n");
		StandardEnvironment env = environment(Map.of("DEEPDOCK_DB_URL", "jdbc:postgresql://db/deepdock",
				"DEEPDOCK_DB_PASSWORD_FILE", secret.toString(), "DEEPDOCK_AMQP_URI", "amqp://mq"));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("spring.datasource.password")).isEqualTo("s3cret");
	}

	@Test
	void readsTheFirstAdminsPasswordFromASecretFile(@TempDir Path dir) throws Exception {
		Path secret = Files.writeString(dir.resolve("admin_password"), "adm1n-secret\n");
		StandardEnvironment env = environment(
				Map.of("DEEPDOCK_ADMIN_USERNAME", "root", "DEEPDOCK_ADMIN_PASSWORD_FILE", secret.toString()));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("deepdock.security.admin.username")).isEqualTo("root");
		assertThat(env.getProperty("deepdock.security.admin.password")).isEqualTo("adm1n-secret");
	}

	@Test
	void springsOwnPropertiesWin() {
		StandardEnvironment env = environment(Map.of("DEEPDOCK_DB_URL", "jdbc:postgresql://db/deepdock",
				"spring.datasource.url", "jdbc:postgresql://other/db", "DEEPDOCK_AMQP_URI", "amqp://mq"));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://other/db");
	}

	@Test
	void withoutADatabaseTheErrorSaysWhatToSet() {
		StandardEnvironment env = environment(Map.of("DEEPDOCK_AMQP_URI", "amqp://mq"));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThatThrownBy(() -> DeepdockEnvironment.requireInfrastructure(env)).hasMessageContaining("DEEPDOCK_DB_URL")
			.hasMessageContaining("./deepdock up");
	}

	@Test
	void withoutABrokerTheErrorSaysWhatToSet() {
		StandardEnvironment env = environment(Map.of("DEEPDOCK_DB_URL", "jdbc:postgresql://db/x"));
		new DeepdockEnvironment().postProcessEnvironment(env, new SpringApplication());
		assertThatThrownBy(() -> DeepdockEnvironment.requireInfrastructure(env))
			.hasMessageContaining("DEEPDOCK_AMQP_URI");
	}

}
