package io.deepdock.webapp;

import io.deepdock.core.DeepdockCore;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.datasets.DatasetTrust;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.core.predictions.Predictions;
import io.deepdock.core.retention.RetentionProperties;
import io.deepdock.core.schedules.Schedules;
import io.deepdock.core.users.Users;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The web replica: pages, REST API, job submission, online inference. */
@SpringBootApplication
@ConfigurationPropertiesScan
// core's shared base, and the parts of core that only the web runs
@Import({ DeepdockCore.class, Users.class, Datasets.class, JobSubmission.class, DatasetTrust.class,
		PredictionRows.class, Predictions.class, Schedules.class })
@EnableConfigurationProperties({ RetentionProperties.class, BatchLimits.class })
public class WebappApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebappApplication.class, args);
	}

}
