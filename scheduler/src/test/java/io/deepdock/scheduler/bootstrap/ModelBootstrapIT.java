package io.deepdock.scheduler.bootstrap;

import java.nio.file.Path;

import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobTrigger;
import io.deepdock.core.jobs.JobType;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh platform queues the training of each built-in task once, and never twice while
 * it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@WithInfrastructure
// closed after the class: a cached context would keep holding the leadership lease, and
// the next
// class's scheduler would stand by
@DirtiesContext
class ModelBootstrapIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	ModelBootstrap bootstrap;

	@Autowired
	JobRepository jobs;

	long systemTrainings(String task) {
		return this.jobs.findAll()
			.stream()
			.filter((j) -> j.getType() == JobType.TRAIN && j.getTrigger() == JobTrigger.SYSTEM
					&& j.getPayload().contains("\"" + task + "\""))
			.count();
	}

	@Test
	void queuesEachMissingModelsTrainingOnceAtStartAndNotAgainWhileItIsUnderWay() {
		// the leader queued them when the application became ready
		assertThat(systemTrainings("digits")).isEqualTo(1);
		assertThat(systemTrainings("fashion")).isEqualTo(1);
		assertThat(this.bootstrap.queueMissingTrainings()).isEmpty();
		assertThat(systemTrainings("digits")).isEqualTo(1);
	}

}
