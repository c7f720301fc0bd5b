package io.deepdock.worker;

import io.deepdock.core.DeepdockCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * A worker replica: consumes jobs from RabbitMQ, one at a time; its only HTTP port is for
 * management.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(DeepdockCore.class)
public class WorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkerApplication.class, args);
	}

}
