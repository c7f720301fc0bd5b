package io.deepdock.core.retention;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.deepdock.core.jobs.JobFiles;
import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.predictions.PredictionRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Applies {@link RetentionProperties}: removes the results file (and the upload) of a
 * batch that succeeded longer ago than {@code results}, marking the job so that its
 * download answers 410 Gone rather than failing; removes the uploads that were kept for a
 * while ({@code failed-uploads}) or whose removal was missed; and removes the images of
 * online predictions older than {@code prediction-images}, marking their rows. Run by the
 * leading scheduler only; {@code SKIP LOCKED} keeps two sweeps from taking the same job.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	/** Jobs handled per sweep, so one sweep never holds a long transaction. */
	private static final int BATCH = 200;

	private final JdbcTemplate jdbc;

	private final MediaStorage media;

	private final JobFiles files;

	private final RetentionProperties properties;

	private final PredictionRows predictions;

	Retention(JdbcTemplate jdbc, MediaStorage media, JobFiles files, RetentionProperties properties,
			PredictionRows predictions) {
		this.predictions = predictions;
		this.jdbc = jdbc;
		this.media = media;
		this.files = files;
		this.properties = properties;
	}

	public RetentionProperties properties() {
		return this.properties;
	}

	/**
	 * Removes the results files of batches that succeeded before {@code now - results},
	 * and their uploads.
	 * @return how many jobs' results expired
	 */
	@Transactional
	public int expireResults() {
		Instant before = Instant.now().minus(this.properties.results());
		List<Long> expired = this.jdbc.queryForList("""
				SELECT id FROM job WHERE type = 'BATCH_PREDICT' AND state = 'SUCCEEDED'
				AND result_expired_at IS NULL AND finished_at < ?
				ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""", Long.class, Timestamp.from(before), BATCH);
		for (long id : expired) {
			java.util.Map<String, Object> row = this.jdbc.queryForMap(
					"SELECT result->>'results' AS results, upload_path, upload_removed_at FROM job WHERE id = ?", id);
			String results = (String) row.get("results");
			if (results != null && !delete(results, id)) {
				continue;
			}
			String upload = (String) row.get("upload_path");
			boolean uploadRemoved = upload != null && row.get("upload_removed_at") == null && delete(upload, id);
			this.files.markBatchFilesRemoved(id, true, false, uploadRemoved);
			log.info("Job {}: results expired after {}, removed {} and {}", id, this.properties.results(), results,
					uploadRemoved ? upload : "no upload");
		}
		return expired.size();
	}

	/**
	 * Removes the uploads of jobs that ended without needing them any more: failed or
	 * cancelled before {@code now - failed-uploads} (the removal at the end was skipped
	 * for a dead-lettered job, or missed), or imports that succeeded.
	 * @return how many uploads were removed
	 */
	public int removeStaleUploads() {
		Instant before = Instant.now().minus(this.properties.failedUploads());
		List<Long> stale = this.jdbc.queryForList("""
				SELECT id FROM job WHERE upload_path IS NOT NULL AND upload_removed_at IS NULL
				AND ((state IN ('FAILED', 'CANCELLED') AND finished_at < ?)
				     OR (type = 'IMPORT_DATASET' AND state = 'SUCCEEDED'))
				ORDER BY id LIMIT ?""", Long.class, Timestamp.from(before), BATCH);
		int removed = 0;
		for (long id : stale) {
			if (this.files.removeUpload(id)) {
				removed++;
			}
		}
		return removed;
	}

	/**
	 * Removes the images that online predictions stored ({@code uploads/<task>/...}, rows
	 * without a job) before {@code now - prediction-images}, and marks each row
	 * ({@code input_expired_at}); the row itself, its 28x28 features and its feedback
	 * stay. A batch row's input is its job's upload, which {@link #expireResults} and
	 * {@link #removeStaleUploads} handle.
	 * @return how many images expired
	 */
	@Transactional
	public int expirePredictionImages() {
		Instant before = Instant.now().minus(this.properties.predictionImages());
		List<java.util.Map<String, Object>> expired = this.jdbc.queryForList("""
				SELECT id, input_path FROM prediction
				WHERE job_id IS NULL AND input_path IS NOT NULL AND input_expired_at IS NULL AND created_at < ?
				ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""", Timestamp.from(before), BATCH);
		int removed = 0;
		for (java.util.Map<String, Object> row : expired) {
			long id = ((Number) row.get("id")).longValue();
			String path = (String) row.get("input_path");
			try {
				this.media.delete(path);
			}
			catch (IOException | MediaPathException ex) {
				log.warn("Prediction {}: could not remove its image {}: {}", id, path, ex.getMessage());
				continue;
			}
			this.predictions.markInputExpired(id);
			removed++;
		}
		if (removed > 0) {
			log.info("{} prediction image(s) expired after {}", removed, this.properties.predictionImages());
		}
		return removed;
	}

	private boolean delete(String path, long jobId) {
		try {
			this.media.delete(path);
			return true;
		}
		catch (IOException | MediaPathException ex) {
			log.warn("Job {}: could not remove its results {}: {}", jobId, path, ex.getMessage());
			return false;
		}
	}

}
