package io.deepdock.webapp.jobs;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class FileJobsTest {

	private final JobSubmission submission = mock(JobSubmission.class);

	private final MediaStorage media = mock(MediaStorage.class);

	private final StoredFile stored = new StoredFile("uploads/1/x.zip", 10, "abc");

	@Test
	void aJobThatCannotBeQueuedDeletesTheUploadItWouldHaveUsed() throws Exception {
		when(this.submission.submit(any(), any(), anyLong(), anyString(), any()))
			.thenThrow(new IllegalStateException("broker down"));

		assertThatThrownBy(
				() -> FileJobs.submit(this.submission, this.media, this.stored, JobType.BATCH_PREDICT, 7, "{}"))
			.hasMessage("broker down");
		verify(this.media).delete("uploads/1/x.zip");
	}

	@Test
	void aQueuedJobKeepsItsUpload() throws Exception {
		Job job = mock(Job.class);
		when(this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, 7L, "{}", this.stored)).thenReturn(job);

		assertThat(FileJobs.submit(this.submission, this.media, this.stored, JobType.IMPORT_DATASET, 7, "{}"))
			.isSameAs(job);
		verify(this.media, never()).delete(anyString());
	}

}
