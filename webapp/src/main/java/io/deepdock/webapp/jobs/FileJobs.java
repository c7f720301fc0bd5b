package io.deepdock.webapp.jobs;

import java.io.IOException;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;

/**
 * Queues a user's job that works on an upload already stored in media. The job records
 * the upload (its owner's storage quota counts it; it is removed when the job is
 * cancelled or refused). When the job cannot be queued (a quota, the database), nothing
 * points at the file any more, so it is deleted rather than left behind.
 */
public final class FileJobs {

	private FileJobs() {
	}

	public static Job submit(JobSubmission submission, MediaStorage media, StoredFile stored, JobType type,
			long ownerId, String payloadJson) throws IOException {
		try {
			return submission.submit(type, JobTrigger.USER, ownerId, payloadJson, stored);
		}
		catch (RuntimeException ex) {
			media.delete(stored.path());
			throw ex;
		}
	}

}
