package io.deepdock.worker.architecture;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The worker's integration tests share one broker and one database in their JVM, and
 * Spring keeps each test class's context alive for the classes after it. A kept context
 * whose outbox relay or job consumers still run publishes or takes messages behind the
 * back of the class that runs now (CI once saw a hand-delivered job's message replaced by
 * a redispatch another context's relay sent late).
 */
class IntegrationTestIsolationTest {

	static final JavaClasses TESTS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
		.importPackages("io.deepdock.worker");

	static final DescribedPredicate<JavaClass> RELAYS_OR_CONSUMES = DescribedPredicate
		.describe("relay the outbox or consume jobs", (test) -> {
			List<String> properties = List.of(test.getAnnotationOfType(SpringBootTest.class).properties());
			return !properties.contains("deepdock.outbox.relay-enabled=false")
					|| !properties.contains("deepdock.jobs.consume=false");
		});

	@Test
	void contextsThatRelayOrConsumeAreClosedAfterTheirClass() {
		classes().that()
			.areAnnotatedWith(SpringBootTest.class)
			.and(RELAYS_OR_CONSUMES)
			.should()
			.beAnnotatedWith(DirtiesContext.class)
			.because("a cached context would keep publishing and consuming while later classes run")
			.check(TESTS);
	}

}
