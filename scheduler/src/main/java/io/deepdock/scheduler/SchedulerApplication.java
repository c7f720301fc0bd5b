package io.deepdock.scheduler;

import io.deepdock.core.DeepdockCore;

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
@Import(DeepdockCore.class)
public class SchedulerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SchedulerApplication.class, args);
	}

}
