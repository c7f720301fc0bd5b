package io.deepdock.scheduler.metrics;

import java.nio.file.Path;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.embedded.test.WithInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform-wide job gauge follows the job table. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
// closed after the class: a cached context would keep holding the leadership lease, and
// the next
// class's scheduler would stand by
@DirtiesContext
class JobCountsIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobCounts counts;

	@Autowired
	JobRepository jobs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	double gauge(JobType type, JobState state) {
		return this.meters.get("deepdock.jobs.current")
			.tag("type", type.name())
			.tag("state", state.name())
			.gauge()
			.value();
	}

	@Test
	void theGaugeCountsJobsByTypeAndState() {
		this.counts.refresh();
		double queuedBefore = gauge(JobType.BATCH_PREDICT, JobState.QUEUED);
		double failedBefore = gauge(JobType.BATCH_PREDICT, JobState.FAILED);
		this.jobs.save(new Job(JobType.BATCH_PREDICT, JobTrigger.USER, null, "{}"));
		Job failed = this.jobs.save(new Job(JobType.BATCH_PREDICT, JobTrigger.USER, null, "{}"));
		this.jdbc.update("UPDATE job SET state = 'FAILED', error = 'test' WHERE id = ?", failed.getId());
		this.counts.refresh();
		assertThat(gauge(JobType.BATCH_PREDICT, JobState.QUEUED)).isEqualTo(queuedBefore + 1);
		assertThat(gauge(JobType.BATCH_PREDICT, JobState.FAILED)).isEqualTo(failedBefore + 1);
		assertThat(this.counts.count(JobType.BATCH_PREDICT, JobState.FAILED)).isEqualTo((long) failedBefore + 1);
	}

}
