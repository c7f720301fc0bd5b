package io.deepdock.webapp.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.core.ml.training.CheckpointStore;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
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
	static final String[] FEATURES = { "io.deepdock.core.users..", "io.deepdock.core.schedules..",
			"io.deepdock.core.datasets..", "io.deepdock.core.jobs..", "io.deepdock.core.models..",
			"io.deepdock.core.predictions.." };

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
		// every feature of core has its entry point: users (Users), schedules
		// (Schedules),
		// datasets (Datasets, DatasetImporter, DatasetTrust), jobs (Jobs, JobSubmission,
		// JobLifecycle), models (ModelRegistry) and predictions (Predictions,
		// PredictionRows, Feedback). A direct use of a repository would bypass the
		// feature's rules (the training set a user may train on, the account name's case,
		// a schedule's checks, the row lock a deletion takes, a job that is never
		// dispatched)
		noClasses().should()
			.dependOnClassesThat(JavaClass.Predicates.assignableTo(Repository.class)
				.and(JavaClass.Predicates.resideInAnyPackage(FEATURES)))
			.check(WEBAPP);
	}

	@Test
	void entitiesOfAFeatureAreCreatedOnlyByIt() {
		// a job, a model version or a prediction comes into being through its feature
		// (JobSubmission writes the job with its dispatch, ModelRegistry numbers the
		// version, PredictionRows writes the rows in batches): a service that built one
		// itself would skip that
		noClasses().should()
			.callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
					"a constructor of an entity of jobs, models or predictions",
					(call) -> call.getTargetOwner().isAnnotatedWith(jakarta.persistence.Entity.class)
							&& call.getTargetOwner()
								.getPackageName()
								.matches("io\\.deepdock\\.core\\.(jobs|models|predictions)")))
			.check(WEBAPP);
	}

}
