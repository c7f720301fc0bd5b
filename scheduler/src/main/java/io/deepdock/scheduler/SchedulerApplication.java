package io.deepdock.scheduler;

import io.deepdock.core.DeepdockCore;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.core.retention.Retention;
import io.deepdock.core.schedules.LeaseLock;
import io.deepdock.core.schedules.ScheduleFiring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The scheduler: fires periodic retraining; a lease in PostgreSQL keeps two replicas from
 * firing twice.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// core's shared base, and the parts of core that only the scheduler runs
@Import({ DeepdockCore.class, JobReaper.class, JobSubmission.class, ScheduleFiring.class, LeaseLock.class,
		Retention.class, PredictionRows.class })
public class SchedulerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SchedulerApplication.class, args);
	}

}
