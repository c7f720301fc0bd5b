package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A unit of long work. Its row is the source of truth; AMQP messages only point at it.
 */
@Entity
@Table(name = "job")
public class Job {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobType type;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobState state;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobTrigger trigger;

	@Column(name = "owner_id")
	private Long ownerId;

	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String payload;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String result;

	private String error;

	@Column(nullable = false)
	private int attempts;

	private String worker;

	@Column(name = "cancel_requested", nullable = false)
	private boolean cancelRequested;

	@Column(name = "lease_until")
	private Instant leaseUntil;

	@Column(name = "dataset_id")
	private Long datasetId;

	@Column(name = "model_version_id")
	private Long modelVersionId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "started_at")
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	/** The user's upload in media that the job reads (imports, batches), if any. */
	@Column(name = "upload_path")
	private String uploadPath;

	@Column(name = "upload_bytes")
	private Long uploadBytes;

	/**
	 * When the upload was removed (the job was cancelled, refused, or is done with it).
	 */
	@Column(name = "upload_removed_at")
	private Instant uploadRemovedAt;

	/**
	 * Not to be dispatched before this instant (a retry's backoff, a training waiting for
	 * an import): the reaper dispatches it then. Null when it is not waiting.
	 */
	@Column(name = "not_before")
	private Instant notBefore;

	/**
	 * Failed attempts so far (transient errors): the backoff and the dead-letter limit.
	 */
	@Column(nullable = false)
	private int retries;

	/** When retention removed the job's results file (its download is then 410 Gone). */
	@Column(name = "result_expired_at")
	private Instant resultExpiredAt;

	/**
	 * When the owner deleted the job's results file ({@code resultExpiredAt} is set then
	 * too: the file is gone either way).
	 */
	@Column(name = "result_deleted_at")
	private Instant resultDeletedAt;

	protected Job() {
	}

	public Job(JobType type, JobTrigger trigger, Long ownerId, String payloadJson) {
		this.type = type;
		this.trigger = trigger;
		this.ownerId = ownerId;
		this.payload = payloadJson;
		this.state = JobState.QUEUED;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public JobType getType() {
		return this.type;
	}

	public JobState getState() {
		return this.state;
	}

	public JobTrigger getTrigger() {
		return this.trigger;
	}

	public Long getOwnerId() {
		return this.ownerId;
	}

	public String getPayload() {
		return this.payload;
	}

	public String getResult() {
		return this.result;
	}

	public String getError() {
		return this.error;
	}

	public int getAttempts() {
		return this.attempts;
	}

	public String getWorker() {
		return this.worker;
	}

	public boolean isCancelRequested() {
		return this.cancelRequested;
	}

	public Instant getLeaseUntil() {
		return this.leaseUntil;
	}

	public Long getDatasetId() {
		return this.datasetId;
	}

	public Long getModelVersionId() {
		return this.modelVersionId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public String getUploadPath() {
		return this.uploadPath;
	}

	public Long getUploadBytes() {
		return this.uploadBytes;
	}

	public Instant getUploadRemovedAt() {
		return this.uploadRemovedAt;
	}

	public Instant getResultExpiredAt() {
		return this.resultExpiredAt;
	}

	public Instant getResultDeletedAt() {
		return this.resultDeletedAt;
	}

	public Instant getNotBefore() {
		return this.notBefore;
	}

	public int getRetries() {
		return this.retries;
	}

	/** Whether the job waits for {@link #getNotBefore()} before it may run. */
	public boolean isDelayedAt(Instant now) {
		return this.state == JobState.QUEUED && this.notBefore != null && this.notBefore.isAfter(now);
	}

	/**
	 * Back in the queue after a failed attempt, to be dispatched again at
	 * {@code notBefore}.
	 */
	void retryAt(String reason, Instant notBefore) {
		requeue(reason);
		this.retries++;
		this.notBefore = notBefore;
	}

	/**
	 * Back in the queue without having run (what it needs is not ready yet): the start
	 * does not count as an attempt.
	 */
	void deferUntil(String reason, Instant notBefore) {
		requeue(reason);
		this.attempts = Math.max(0, this.attempts - 1);
		this.notBefore = notBefore;
	}

	/** Its wait is over: a dispatch message is on its way. */
	void dispatchedAgain() {
		this.notBefore = null;
	}

	/** Records the upload the job reads, so that it is counted and cleaned up. */
	void attachUpload(String path, long bytes) {
		this.uploadPath = path;
		this.uploadBytes = bytes;
	}

	void uploadRemoved(Instant now) {
		this.uploadRemovedAt = now;
	}

	void resultExpired(Instant now) {
		this.resultExpiredAt = now;
	}

	/** Whether a live worker holds the job: RUNNING with a lease that has not expired. */
	boolean isLeasedAt(Instant now) {
		return this.state == JobState.RUNNING && this.leaseUntil != null && this.leaseUntil.isAfter(now);
	}

	void start(String worker, Instant now, java.time.Duration lease) {
		this.state = JobState.RUNNING;
		this.worker = worker;
		this.leaseUntil = now.plus(lease);
		this.attempts++;
		if (this.startedAt == null) {
			this.startedAt = now;
		}
	}

	void succeed(String resultJson, Instant now) {
		this.leaseUntil = null;
		this.state = JobState.SUCCEEDED;
		this.result = resultJson;
		this.error = null;
		this.finishedAt = now;
	}

	void fail(String reason, Instant now) {
		this.leaseUntil = null;
		this.state = JobState.FAILED;
		this.error = storable(reason);
		this.finishedAt = now;
	}

	void requeue(String reason) {
		this.leaseUntil = null;
		this.state = JobState.QUEUED;
		this.error = storable(reason);
	}

	/**
	 * A reason as PostgreSQL stores it: it may quote the user's file (a CSV cell), and a
	 * NUL there would make the failure itself fail to be recorded.
	 */
	static String storable(String text) {
		return (text != null && text.indexOf('\0') >= 0) ? text.replace('\0', '\uFFFD') : text;
	}

	void renewLease(Instant now, java.time.Duration lease) {
		this.leaseUntil = now.plus(lease);
	}

	void requestCancel() {
		this.cancelRequested = true;
	}

	void cancel(Instant now) {
		this.leaseUntil = null;
		this.state = JobState.CANCELLED;
		this.finishedAt = now;
	}

	public void setDatasetId(Long datasetId) {
		this.datasetId = datasetId;
	}

	public void setModelVersionId(Long modelVersionId) {
		this.modelVersionId = modelVersionId;
	}

}
