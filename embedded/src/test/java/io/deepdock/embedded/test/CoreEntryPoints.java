package io.deepdock.embedded.test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules on core's features that every service's architecture test checks against its
 * own classes (README, "The parts of core and what they may use"). Named by class name,
 * so that this kit needs neither Spring Data nor JPA.
 */
public final class CoreEntryPoints {

	/** Every feature of core, each with its entry point. */
	static final String[] FEATURES = { "io.deepdock.core.users..", "io.deepdock.core.schedules..",
			"io.deepdock.core.datasets..", "io.deepdock.core.jobs..", "io.deepdock.core.models..",
			"io.deepdock.core.predictions.." };

	/**
	 * Users (Users), schedules (Schedules), datasets (Datasets, DatasetImporter,
	 * DatasetTrust), jobs (Jobs, JobSubmission, JobLifecycle), models (ModelRegistry) and
	 * predictions (Predictions, PredictionRows, Feedback) are reached through their entry
	 * points: a direct use of a repository would bypass the feature's rules (the training
	 * set a user may train on, the account name's case, a schedule's checks, the row lock
	 * a deletion takes, a job that is never dispatched).
	 */
	public static final ArchRule REPOSITORIES_ONLY_THROUGH_ENTRY_POINTS = noClasses().should()
		.dependOnClassesThat(JavaClass.Predicates.assignableTo("org.springframework.data.repository.Repository")
			.and(JavaClass.Predicates.resideInAnyPackage(FEATURES)));

	/**
	 * A job, a model version or a prediction comes into being through its feature
	 * (JobSubmission writes the job with its dispatch, ModelRegistry numbers the version,
	 * PredictionRows writes the rows in batches): a service that built one itself would
	 * skip that.
	 */
	public static final ArchRule ENTITIES_CREATED_ONLY_BY_THEIR_FEATURE = noClasses().should()
		.callConstructorWhere(DescribedPredicate.describe("a constructor of an entity of jobs, models or predictions",
				(call) -> call.getTargetOwner().isAnnotatedWith("jakarta.persistence.Entity") && call.getTargetOwner()
					.getPackageName()
					.matches("io\\.deepdock\\.core\\.(jobs|models|predictions)")));

	private CoreEntryPoints() {
	}

}
