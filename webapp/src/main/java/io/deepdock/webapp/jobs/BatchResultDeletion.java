package io.deepdock.webapp.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.jobs.JobFiles;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner (or an admin) deletes the files of a batch prediction that has ended: its
 * results file and the upload it read. The job row stays, its results marked removed as
 * retention marks them ({@code result_expired_at}) and deleted by the owner
 * ({@code result_deleted_at}), so its download answers 410; its prediction rows stay. As
 * with a dataset, the row is changed in one transaction, which frees the owner's storage
 * quota at once, and the files are removed from media after the commit.
 *
 * <p>
 * Refused: another user's job, a job that is no batch, or one whose files are already
 * gone (404); a batch still queued or running (409: cancel it, which removes its upload).
 */
@Component
class BatchResultDeletion {

	private static final Logger log = LoggerFactory.getLogger(BatchResultDeletion.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MediaStorage media;

	private final JobFiles files;

	BatchResultDeletion(JdbcTemplate jdbc, PlatformTransactionManager transactions, MediaStorage media,
			JobFiles files) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.media = media;
		this.files = files;
	}

	/**
	 * @return the paths removed (or left as orphans when media refused)
	 */
	List<String> delete(long id, DeepdockUser caller) {
		List<String> files = this.transactions.execute((status) -> {
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"""
							SELECT owner_id, type, state, result->>'results' AS results, result_expired_at, upload_path, upload_removed_at
							FROM job WHERE id = ? FOR UPDATE""",
					id);
			Map<String, Object> job = rows.isEmpty() ? null : rows.get(0);
			Long owner = (job != null && job.get("owner_id") != null) ? ((Number) job.get("owner_id")).longValue()
					: null;
			if (job == null || !caller.mayAccess(owner)) {
				throw ProblemException.notFound("There is no job " + id + ".");
			}
			if (!"BATCH_PREDICT".equals(job.get("type"))) {
				throw ProblemException.notFound(
						"Job " + id + " is a " + job.get("type") + " job; only batch predictions have a results file.");
			}
			String state = (String) job.get("state");
			if ("QUEUED".equals(state) || "RUNNING".equals(state)) {
				throw ProblemException
					.conflict("Job " + id + " is " + state + "; it has no results yet. Cancel it (POST /api/v1/jobs/"
							+ id + "/cancel), which removes its upload.");
			}
			List<String> paths = new ArrayList<>();
			String results = (String) job.get("results");
			boolean hasResults = results != null && job.get("result_expired_at") == null;
			if (hasResults) {
				paths.add(results);
			}
			String upload = (String) job.get("upload_path");
			boolean hasUpload = upload != null && job.get("upload_removed_at") == null;
			if (hasUpload) {
				paths.add(upload);
			}
			if (paths.isEmpty()) {
				throw ProblemException.notFound(
						"Job " + id + " holds no files any more (its results "
								+ ((job.get("result_expired_at") != null)
										? "were removed on " + job.get("result_expired_at") : "were never written")
								+ ").");
			}
			this.files.markBatchFilesRemoved(id, hasResults, true, hasUpload);
			return paths;
		});
		for (String path : files) {
			try {
				this.media.delete(path);
			}
			catch (IOException | MediaPathException ex) {
				// the row says removed and the quota is free; the file is an orphan for
				// an operator
				log.warn("Job {}: could not remove {}: {}", id, path, ex.getMessage());
			}
		}
		log.info("Job {}: its files {} deleted by user {}", id, files, caller.id());
		return files;
	}

}
