package io.deepdock.worker.architecture;

import java.nio.file.Path;

import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.DatasetTrust;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.predictions.Feedback;
import io.deepdock.core.quotas.Quotas;
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
 * The worker imports core's shared base and its own parts of core (dataset import,
 * feedback), and nothing that only the web or the scheduler runs.
 */
@SpringBootTest(properties = "deepdock.jobs.consume=false")
@WithInfrastructure
// closed after the class: its outbox relay would keep publishing while later classes run
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
	void theWorkerStartsWithItsOwnPartsOfCoreAndWithoutTheWebsOrTheSchedulers() {
		assertThat(this.context.getBeanNamesForType(Users.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Datasets.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(DatasetImporter.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Feedback.class)).hasSize(1);
		// the web's
		assertThat(this.context.getBeanNamesForType(Schedules.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DatasetTrust.class)).isEmpty();
		// the web's and the scheduler's: the worker submits no job, it runs them
		assertThat(this.context.getBeanNamesForType(JobSubmission.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Quotas.class)).isEmpty();
		// the scheduler's
		assertThat(this.context.getBeanNamesForType(JobReaper.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ScheduleFiring.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(LeaseLock.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Retention.class)).isEmpty();
	}

}
