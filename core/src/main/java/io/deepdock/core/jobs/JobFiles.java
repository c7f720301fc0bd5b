package io.deepdock.core.jobs;

import java.io.IOException;
import java.time.Instant;

import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Removes the files a job no longer needs once it has ended, so that nothing a user
 * cancelled or the platform refused stays on the media volume: the upload it was going to
 * read (imports, batches) and a training's epoch checkpoint. Called after the job's end
 * has been committed ({@link JobLifecycle}), and again by the retention sweep
 * ({@code io.deepdock.core.retention.Retention}) for what is kept a while or was missed
 * (a crash between the commit and the removal).
 *
 * <p>
 * What is removed when:
 * <ul>
 * <li>cancelled (QUEUED or RUNNING) or FAILED because the platform refused the input: the
 * upload and the checkpoint at once;</li>
 * <li>FAILED after every retry and dead-lettered: the checkpoint at once (a FAILED job is
 * never resumed), the upload only after {@code deepdock.retention.failed-uploads}, so
 * that an operator can look at the file that made it fail;</li>
 * <li>an import that SUCCEEDED: the upload at once (the dataset's own files hold its data
 * now);</li>
 * <li>a batch that SUCCEEDED: nothing now; its upload and results file go when the
 * results expire ({@code deepdock.retention.results}).</li>
 * </ul>
 */
@Component
public class JobFiles {

	private static final Logger log = LoggerFactory.getLogger(JobFiles.class);

	private final JobRepository jobs;

	private final MediaStorage media;

	private final JdbcTemplate jdbc;

	JobFiles(JobRepository jobs, MediaStorage media, JdbcTemplate jdbc) {
		this.jobs = jobs;
		this.media = media;
		this.jdbc = jdbc;
	}

	/**
	 * Records that a batch's files are gone, in the caller's transaction (which holds the
	 * job's row, {@code FOR UPDATE}): its results file ({@code result_expired_at}, so its
	 * download answers 410; {@code result_deleted_at} too when its owner deleted it
	 * rather than retention) and its upload ({@code upload_removed_at}). The one place
	 * that writes these marks for retention and for the owner's deletion alike.
	 * @param results whether the results file went
	 * @param byOwner whether its owner (or an admin) deleted it
	 * @param upload whether the upload went
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void markBatchFilesRemoved(long jobId, boolean results, boolean byOwner, boolean upload) {
		this.jdbc.update("""
				UPDATE job SET
				result_expired_at = CASE WHEN ? THEN now() ELSE result_expired_at END,
				result_deleted_at = CASE WHEN ? THEN now() ELSE result_deleted_at END,
				upload_removed_at = CASE WHEN ? THEN now() ELSE upload_removed_at END
				WHERE id = ?""", results, results && byOwner, upload, jobId);
	}

	/**
	 * Removes the job's upload, if it still has one, and records when.
	 * @return whether a file was removed or found gone
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean removeUpload(long jobId) {
		Job job = this.jobs.findByIdForUpdate(jobId).orElse(null);
		if (job == null || job.getUploadPath() == null || job.getUploadRemovedAt() != null) {
			return false;
		}
		if (!delete(job.getUploadPath(), jobId)) {
			return false;
		}
		job.uploadRemoved(Instant.now());
		log.info("Job {} ({}): removed its upload {}", jobId, job.getState(), job.getUploadPath());
		return true;
	}

	/**
	 * Removes a training's epoch checkpoint, which only a job that may still resume
	 * needs. The path is the one the worker's checkpoint store uses for the job
	 * ({@code checkpoints/job-<id>.bin}).
	 */
	public void removeCheckpoint(long jobId) {
		delete("checkpoints/job-" + jobId + ".bin", jobId);
	}

	private boolean delete(String path, long jobId) {
		try {
			this.media.delete(path);
			return true;
		}
		catch (IOException | MediaPathException ex) {
			// left for the retention sweep to try again
			log.warn("Job {}: could not remove {}: {}", jobId, path, ex.getMessage());
			return false;
		}
	}

}
