package io.deepdock.worker.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.embedded.test.CoreEntryPoints;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.annotation.RabbitListener;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker's plan (README, "How it fits together"): one package per kind of job
 * (training, batch, imports) around the job machinery in {@code worker.jobs}, which alone
 * touches the broker.
 */
class WorkerArchitectureTest {

	/** The features of core, each reached through its entry point (README). */
	static final JavaClasses WORKER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.worker");

	@Test
	void featuresHaveNoCycles() {
		// the kinds of job lean on worker.jobs, never the other way round, and never on
		// each other
		slices().matching("io.deepdock.worker.(*)..").should().beFreeOfCycles().check(WORKER);
	}

	@Test
	void kindsOfJobAreIndependent() {
		// a batch prediction must keep working whatever happens to training, and so on
		noClasses().that()
			.resideInAPackage("io.deepdock.worker.batch..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.worker.training..", "io.deepdock.worker.imports..")
			.check(WORKER);
		noClasses().that()
			.resideInAPackage("io.deepdock.worker.imports..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.worker.training..", "io.deepdock.worker.batch..")
			.check(WORKER);
	}

	@Test
	void dependsOnNoOtherService() {
		// services depend on core, never on each other: each ships and scales alone
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.webapp..", "io.deepdock.scheduler..", "io.deepdock.launcher..",
					"io.deepdock.embedded..")
			.check(WORKER);
	}

	@Test
	void onlyTheJobMachineryConsumesFromTheBroker() {
		// one consumer, prefetch 1, manual acknowledgement: a second listener would take
		// a
		// second job while the first is still running
		classes().that()
			.containAnyMethodsThat(com.tngtech.archunit.base.DescribedPredicate.describe("listen to a queue",
					(method) -> method.isAnnotatedWith(RabbitListener.class)))
			.should()
			.resideInAPackage("io.deepdock.worker.jobs")
			.allowEmptyShould(true)
			.check(WORKER);
		noClasses().that()
			.resideOutsideOfPackage("io.deepdock.worker.jobs..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.rabbitmq..", "org.springframework.amqp..")
			.check(WORKER);
	}

	@Test
	void repositoriesOfAFeatureWithAnEntryPointAreReachedOnlyThroughIt() {
		// every feature of core only through its entry point (CoreEntryPoints says why)
		CoreEntryPoints.REPOSITORIES_ONLY_THROUGH_ENTRY_POINTS.check(WORKER);
	}

	@Test
	void entitiesOfAFeatureAreCreatedOnlyByIt() {
		CoreEntryPoints.ENTITIES_CREATED_ONLY_BY_THEIR_FEATURE.check(WORKER);
	}

}
