package io.deepdock.scheduler.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.embedded.test.CoreEntryPoints;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The scheduler's plan (README, "How it fits together"): small features around one
 * leader, no other service on the class path, and no machine-learning code (the scheduler
 * only fires jobs; workers train them).
 */
class SchedulerArchitectureTest {

	/** The features of core, each reached through its entry point (README). */
	static final JavaClasses SCHEDULER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.scheduler");

	@Test
	void featuresHaveNoCycles() {
		// leadership is the one thing the others lean on; a cycle would make it lean back
		slices().matching("io.deepdock.scheduler.(*)..").should().beFreeOfCycles().check(SCHEDULER);
	}

	@Test
	void dependsOnNoOtherService() {
		// services depend on core, never on each other: each ships and scales alone
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.webapp..", "io.deepdock.worker..", "io.deepdock.launcher..",
					"io.deepdock.embedded..")
			.check(SCHEDULER);
	}

	@Test
	void neverTouchesTheNetworksOrTraining() {
		// a scheduled retraining is a TRAIN job run by a worker: the scheduler decides
		// when,
		// never how, so it loads no DL4J network and runs no training loop
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.core.ml.training..", "io.deepdock.core.ml.networks..",
					"io.deepdock.core.ml.artifacts..", "io.deepdock.core.ml.serving..", "org.deeplearning4j..")
			.check(SCHEDULER);
	}

	@Test
	void onlyLeaderAwareFeaturesUseTheLease() {
		// two scheduler replicas must never fire the same schedule twice: the lease is
		// held
		// by the leadership feature alone, and the others ask it whether they lead
		noClasses().that()
			.resideOutsideOfPackage("io.deepdock.scheduler.leadership..")
			// the application class imports the bean from core, and calls nothing on it
			.and()
			.doNotHaveFullyQualifiedName("io.deepdock.scheduler.SchedulerApplication")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("io.deepdock.core.schedules.LeaseLock")
			.check(SCHEDULER);
	}

	@Test
	void repositoriesOfAFeatureWithAnEntryPointAreReachedOnlyThroughIt() {
		// every feature of core only through its entry point (CoreEntryPoints says why)
		CoreEntryPoints.REPOSITORIES_ONLY_THROUGH_ENTRY_POINTS.check(SCHEDULER);
	}

	@Test
	void entitiesOfAFeatureAreCreatedOnlyByIt() {
		CoreEntryPoints.ENTITIES_CREATED_ONLY_BY_THEIR_FEATURE.check(SCHEDULER);
	}

}
