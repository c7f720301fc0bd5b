package io.deepdock.worker;

import java.util.Arrays;

import io.deepdock.core.DeepdockCore;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.predictions.Feedback;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.core.users.Users;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A worker replica: consumes jobs from RabbitMQ, one at a time; its only HTTP port is for
 * management. With {@code train TASK ...} as arguments it trains once in the foreground
 * instead and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// core's shared base, and the parts of core that only the worker runs
@Import({ DeepdockCore.class, Users.class, Datasets.class, DatasetImporter.class, PredictionRows.class,
		Feedback.class })
@EnableConfigurationProperties(BatchLimits.class)
public class WorkerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("train")) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerApplication.class)
				.web(WebApplicationType.NONE)
				.profiles("train-command")
				.properties("deepdock.jobs.consume=false", "spring.main.banner-mode=off")
				.run(Arrays.copyOf(args, args.length));
			System.exit(SpringApplication.exit(context));
		}
		SpringApplication.run(WorkerApplication.class, args);
	}

}
