package io.deepdock.core.quotas;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Checks a user's storage and job quotas ({@link QuotaProperties}). Storage is what the
 * rows already record: the files of the user's datasets, the uploads their jobs still
 * hold, the results files of their batches that have not expired or been deleted, the
 * images their online predictions stored that have not expired or been deleted, and the
 * artifacts of the model versions they trained that are their own (not ACTIVE, never
 * promoted by an admin for everyone, not deleted). Each of these the owner can delete
 * (README, "Storage quota").
 *
 * <p>
 * {@link #checkJob} runs inside the transaction that queues the job and first takes a
 * per-user advisory lock, so two requests of one user racing each other cannot both pass
 * the last free slot. {@link #checkUpload} is the cheap early check made before an upload
 * is copied to media, so that a refused upload stores nothing.
 */
@Component
@EnableConfigurationProperties(QuotaProperties.class)
public class Quotas {

	/** First key of the per-user advisory lock (the second is the user id). */
	private static final int LOCK_SPACE = 0x71_07_a5;

	private static final String STORAGE_USED = """
			SELECT (SELECT COALESCE(sum(f.size_bytes), 0) FROM dataset d JOIN dataset_file f ON f.dataset_id = d.id
			        WHERE d.owner_id = ?)
			     + (SELECT COALESCE(sum(upload_bytes), 0) FROM job
			        WHERE owner_id = ? AND upload_path IS NOT NULL AND upload_removed_at IS NULL)
			     + (SELECT COALESCE(sum((result->>'resultsSize')::bigint), 0) FROM job
			        WHERE owner_id = ? AND type = 'BATCH_PREDICT' AND state = 'SUCCEEDED'
			        AND result_expired_at IS NULL AND result->>'resultsSize' IS NOT NULL)
			     + (SELECT COALESCE(sum(input_bytes), 0) FROM prediction
			        WHERE owner_id = ? AND job_id IS NULL AND input_path IS NOT NULL AND input_expired_at IS NULL)
			     + (SELECT COALESCE(sum(v.artifact_size), 0) FROM model_version v
			        WHERE v.id IN (SELECT model_version_id FROM job WHERE owner_id = ? AND type = 'TRAIN'
			                       AND model_version_id IS NOT NULL)
			        AND v.artifact_path IS NOT NULL AND v.status <> 'ACTIVE' AND v.promoted_at IS NULL)""";

	/** What a user can delete to free storage, for every storage refusal. */
	private static final String FREE_SOME = "Delete what you no longer need, then upload again or train: datasets "
			+ "(DELETE /api/v1/datasets/{id}, or the Datasets page), model versions you trained "
			+ "(DELETE /api/v1/models/{id}, or the Models page), batch results (DELETE /api/v1/jobs/{id}/result, or "
			+ "the job's page) or the images of your predictions (DELETE /api/v1/predictions/{id}/input); or wait "
			+ "for results and images to expire.";

	private final JdbcTemplate jdbc;

	private final QuotaProperties properties;

	Quotas(JdbcTemplate jdbc, QuotaProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	public QuotaProperties properties() {
		return this.properties;
	}

	/** Bytes of media the user's files take now. */
	@Transactional(readOnly = true)
	public long storageUsed(long ownerId) {
		Long used = this.jdbc.queryForObject(STORAGE_USED, Long.class, ownerId, ownerId, ownerId, ownerId, ownerId);
		return (used != null) ? used : 0;
	}

	/**
	 * Refuses an upload of {@code bytes} that would take the user over their storage
	 * quota, before anything is written.
	 * @throws QuotaExceededException if it would
	 */
	@Transactional(readOnly = true)
	public void checkUpload(long ownerId, long bytes) {
		if (exempt(ownerId)) {
			return;
		}
		checkStorage(ownerId, bytes);
	}

	/**
	 * Refuses a new job of the user beyond their job quotas or, with its upload of
	 * {@code uploadBytes}, beyond their storage quota; a training (which stores a model
	 * version of its owner's) when their storage is already full. Must run in the
	 * transaction that queues the job.
	 * @param storesModel whether the job stores a model version that counts against its
	 * owner's storage (a user's training)
	 * @throws QuotaExceededException if it would
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void checkJob(long ownerId, long uploadBytes, boolean storesModel) {
		if (exempt(ownerId)) {
			return;
		}
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?, ?)", LOCK_SPACE, (int) ownerId);
		long active = count("SELECT count(*) FROM job WHERE owner_id = ? AND state IN ('QUEUED', 'RUNNING')", ownerId);
		int maxActive = this.properties.activeJobsPerUser();
		if (active >= maxActive) {
			throw new QuotaExceededException(QuotaExceededException.Kind.ACTIVE_JOBS, maxActive, active, 1,
					"You have " + active + " jobs queued or running; the limit is " + maxActive
							+ ". Wait for one to end, or cancel one, then submit again.");
		}
		long today = count("SELECT count(*) FROM job WHERE owner_id = ? AND created_at > now() - interval '24 hours'",
				ownerId);
		int maxDaily = this.properties.jobsPerDay();
		if (today >= maxDaily) {
			throw new QuotaExceededException(QuotaExceededException.Kind.DAILY_JOBS, maxDaily, today, 1,
					"You have submitted " + today + " jobs in the last 24 hours; the limit is " + maxDaily
							+ ". Submit again later.");
		}
		if (uploadBytes > 0) {
			checkStorage(ownerId, uploadBytes);
		}
		else if (storesModel) {
			// a model's size is known only once it is trained: refused when nothing is
			// left
			long used = storageUsed(ownerId);
			long limit = this.properties.storagePerUser().toBytes();
			if (used >= limit) {
				throw new QuotaExceededException(QuotaExceededException.Kind.STORAGE, limit, used, 0,
						"Your storage is full (" + human(used) + " of " + human(limit)
								+ "), and a training stores its model version among your files. " + FREE_SOME);
			}
		}
	}

	private void checkStorage(long ownerId, long bytes) {
		long used = storageUsed(ownerId);
		long limit = this.properties.storagePerUser().toBytes();
		if (used + bytes > limit) {
			throw new QuotaExceededException(QuotaExceededException.Kind.STORAGE, limit, used, bytes,
					"This upload of " + human(bytes) + " would take your storage to " + human(used + bytes)
							+ "; the limit is " + human(limit) + " (you use " + human(used) + "). " + FREE_SOME);
		}
	}

	private boolean exempt(long ownerId) {
		if (!this.properties.adminsExempt()) {
			return false;
		}
		return this.jdbc.queryForList("SELECT role FROM app_user WHERE id = ?", String.class, ownerId)
			.contains("ADMIN");
	}

	private long count(String sql, long ownerId) {
		Long n = this.jdbc.queryForObject(sql, Long.class, ownerId);
		return (n != null) ? n : 0;
	}

	static String human(long bytes) {
		if (bytes >= DataSize.ofGigabytes(1).toBytes()) {
			return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
		}
		if (bytes >= DataSize.ofMegabytes(1).toBytes()) {
			return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
		}
		if (bytes >= 1024) {
			return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
		}
		return bytes + " bytes";
	}

}
