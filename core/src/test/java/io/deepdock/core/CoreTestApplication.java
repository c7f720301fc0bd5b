package io.deepdock.core;

import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.DatasetTrust;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.predictions.Feedback;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.core.predictions.Predictions;
import io.deepdock.core.retention.Retention;
import io.deepdock.core.schedules.LeaseLock;
import io.deepdock.core.schedules.ScheduleFiring;
import io.deepdock.core.schedules.Schedules;
import io.deepdock.core.users.Users;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The smallest application that holds core, for core's integration tests: the shared base
 * and every part that a single service imports.
 */
@SpringBootApplication
@Import({ DeepdockCore.class, Users.class, Datasets.class, JobSubmission.class, JobReaper.class, DatasetTrust.class,
		DatasetImporter.class, PredictionRows.class, Predictions.class, Feedback.class, Schedules.class,
		ScheduleFiring.class, LeaseLock.class, Retention.class })
@EnableConfigurationProperties(BatchLimits.class)
public class CoreTestApplication {

}
