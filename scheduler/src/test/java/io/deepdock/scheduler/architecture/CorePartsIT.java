package io.deepdock.scheduler.architecture;

import java.nio.file.Path;

import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.DatasetTrust;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.predictions.Feedback;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.core.retention.Retention;
import io.deepdock.core.schedules.LeaseLock;
import io.deepdock.core.schedules.ScheduleFiring;
import io.deepdock.core.schedules.Schedules;
import io.deepdock.core.users.Users;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler imports core's shared base and its own parts of core (the reaper, the
 * schedule firing, the lease, retention), and nothing that only the web or the worker
 * runs.
 */
@SpringBootTest(properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
// closed after the class: a cached context would keep holding the leadership lease, and
// the next class's scheduler (ModelBootstrapIT's) would stand by and bootstrap nothing
@DirtiesContext
class CorePartsIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	ApplicationContext context;

	@Test
	void theSchedulerStartsWithItsOwnPartsOfCoreAndWithoutTheWebsOrTheWorkers() {
		assertThat(this.context.getBeanNamesForType(Users.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Datasets.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(JobReaper.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(ScheduleFiring.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(LeaseLock.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Retention.class)).hasSize(1);
		// the web's
		assertThat(this.context.getBeanNamesForType(Schedules.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DatasetTrust.class)).isEmpty();
		// the prediction table's one writer: retention marks expired inputs through it
		assertThat(this.context.getBeanNamesForType(PredictionRows.class)).hasSize(1);
		// the worker's
		assertThat(this.context.getBeanNamesForType(DatasetImporter.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Feedback.class)).isEmpty();
	}

}
