package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's error and progress messages may quote a user's file; PostgreSQL refuses a NUL
 * in a text, and the failure would then not be recorded at all.
 */
class JobTextsTest {

	@Test
	void aFailureQuotingANulCharacterIsStoredWithAReplacementCharacter() {
		Job job = new Job(JobType.IMPORT_DATASET, JobTrigger.USER, 1L, "{}");
		job.fail("CSV line 3: toxic must be 0 or 1, was '1\0'", Instant.now());
		assertThat(job.getError()).isEqualTo("CSV line 3: toxic must be 0 or 1, was '1\uFFFD'").doesNotContain("\0");
		job.requeue("again \0");
		assertThat(job.getError()).isEqualTo("again \uFFFD");
	}

	@Test
	void aProgressMessageQuotingANulCharacterIsStoredWithAReplacementCharacter() {
		JobProgress progress = new JobProgress(1L, "note", null, "{}", "read '\0'", Instant.now());
		assertThat(progress.getMessage()).isEqualTo("read '\uFFFD'");
	}

	@Test
	void otherTextsAreKeptAsTheyAre() {
		assertThat(Job.storable("grüße ✓\ttab\nline")).isEqualTo("grüße ✓\ttab\nline");
		assertThat(Job.storable(null)).isNull();
	}

}
