package io.deepdock.embedded.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureInitializerIT {

	@Test
	void eachContextGetsAnEmptyMediaDirectoryOfItsOwn() throws Exception {
		try (GenericApplicationContext one = new GenericApplicationContext();
				GenericApplicationContext two = new GenericApplicationContext()) {
			new InfrastructureInitializer().initialize(one);
			new InfrastructureInitializer().initialize(two);
			Path first = Path.of(one.getEnvironment().getRequiredProperty("deepdock.media.dir"));
			Path second = Path.of(two.getEnvironment().getRequiredProperty("deepdock.media.dir"));
			assertThat(first).isDirectory().isEmptyDirectory().isNotEqualTo(second);
			assertThat(second).isDirectory().isEmptyDirectory();
			Files.delete(first);
			Files.delete(second);
		}
	}

	@Test
	void aMediaDirectoryTheTestNamesWins() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("the test's", Map.of("deepdock.media.dir", "/tmp/named-by-the-test")));
			new InfrastructureInitializer().initialize(context);
			assertThat(context.getEnvironment().getProperty("deepdock.media.dir")).isEqualTo("/tmp/named-by-the-test");
			assertThat(context.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
		}
	}

}
