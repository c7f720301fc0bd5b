package io.deepdock.core.jobs;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One progress point of a job: an epoch's metrics, a throughput sample, a state-change
 * note.
 */
@Entity
@Table(name = "job_progress")
public class JobProgress {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "job_id", nullable = false)
	private Long jobId;

	@Column(nullable = false)
	private String kind;

	private Integer epoch;

	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String metrics;

	private String message;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected JobProgress() {
	}

	public JobProgress(Long jobId, String kind, Integer epoch, String metricsJson, String message, Instant at) {
		this.jobId = jobId;
		this.kind = kind;
		this.epoch = epoch;
		this.metrics = metricsJson;
		this.message = Job.storable(message);
		this.createdAt = at;
	}

	public Long getId() {
		return this.id;
	}

	public Long getJobId() {
		return this.jobId;
	}

	public String getKind() {
		return this.kind;
	}

	public Integer getEpoch() {
		return this.epoch;
	}

	public String getMetrics() {
		return this.metrics;
	}

	public String getMessage() {
		return this.message;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
