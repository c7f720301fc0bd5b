package io.deepdock.webapp;

import io.deepdock.core.DeepdockCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The web replica: pages, REST API, job submission, online inference. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(DeepdockCore.class)
public class WebappApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebappApplication.class, args);
	}

}
