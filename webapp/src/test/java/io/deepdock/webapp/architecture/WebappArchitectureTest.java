package io.deepdock.webapp.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.core.ml.training.CheckpointStore;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.embedded.test.CoreEntryPoints;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The web app's plan (README, "How it fits together"): one package per feature, no cycles
 * between them, core reached only through its declared parts, and no other service on the
 * class path.
 */
class WebappArchitectureTest {

	/** The features of core, each reached through its entry point (README). */
	static final JavaClasses WEBAPP = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.webapp");

	@Test
	void featuresHaveNoCycles() {
		// a cycle between two features means neither can be changed or understood alone.
		// webapp.problems is the one cross-cutting part: every feature throws its
		// exceptions, and its handler maps every feature's exceptions to problem details,
		// so its own outgoing arrows are not counted (4 cycles ran through it when this
		// rule was written: jobs, limits, media and security back to problems)
		slices().matching("io.deepdock.webapp.(*)..")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(JavaClass.Predicates.resideInAPackage("io.deepdock.webapp.problems.."),
					DescribedPredicate.alwaysTrue())
			.check(WEBAPP);
	}

	@Test
	void dependsOnNoOtherService() {
		// services depend on core, never on each other: each ships and scales alone
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.worker..", "io.deepdock.scheduler..", "io.deepdock.launcher..",
					"io.deepdock.embedded..")
			.check(WEBAPP);
	}

	@Test
	void neverRunsAJobItself() {
		// jobs run on workers; a web replica only submits them (and keeps serving while a
		// training runs)
		// (it validates training parameters, which live beside the trainer)
		noClasses().should()
			.dependOnClassesThat()
			.belongToAnyOf(Trainer.class, TrainingData.class, CheckpointStore.class)
			.check(WEBAPP);
	}

	@Test
	void problemDetailsAreBuiltInOnePlace() {
		// every REST error is an RFC 9457 problem detail from webapp.problems; a
		// controller
		// building its own error body would drift from the documented shape
		noClasses().that()
			.resideOutsideOfPackage("io.deepdock.webapp.problems..")
			.should()
			.callMethod(org.springframework.http.ProblemDetail.class, "forStatusAndDetail",
					org.springframework.http.HttpStatusCode.class, String.class)
			.check(WEBAPP);
	}

	@Test
	void repositoriesOfAFeatureWithAnEntryPointAreReachedOnlyThroughIt() {
		// every feature of core only through its entry point (CoreEntryPoints says why)
		CoreEntryPoints.REPOSITORIES_ONLY_THROUGH_ENTRY_POINTS.check(WEBAPP);
	}

	@Test
	void entitiesOfAFeatureAreCreatedOnlyByIt() {
		CoreEntryPoints.ENTITIES_CREATED_ONLY_BY_THEIR_FEATURE.check(WEBAPP);
	}

}
