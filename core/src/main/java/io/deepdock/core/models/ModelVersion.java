package io.deepdock.core.models;

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
 * A trained version of a task's model: lineage, metrics and the artifact in media
 * storage.
 */
@Entity
@Table(name = "model_version")
public class ModelVersion {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String task;

	@Column(nullable = false)
	private int version;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ModelStatus status;

	@Column(name = "dataset_id")
	private Long datasetId;

	@Column(name = "parent_id")
	private Long parentId;

	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String parameters = "{}";

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String metrics;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String decision;

	@Column(name = "artifact_path")
	private String artifactPath;

	@Column(name = "artifact_size")
	private Long artifactSize;

	@Column(name = "artifact_sha256")
	private String artifactSha256;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt = Instant.now();

	@Column(name = "promoted_at")
	private Instant promotedAt;

	/** When its owner (or an admin) deleted it; null while it exists. */
	@Column(name = "deleted_at")
	private Instant deletedAt;

	protected ModelVersion() {
	}

	public ModelVersion(String task, int version, Long datasetId, Long parentId, String parametersJson) {
		this.task = task;
		this.version = version;
		this.status = ModelStatus.TRAINING;
		this.datasetId = datasetId;
		this.parentId = parentId;
		this.parameters = parametersJson;
	}

	public Long getId() {
		return this.id;
	}

	public String getTask() {
		return this.task;
	}

	public int getVersion() {
		return this.version;
	}

	public ModelStatus getStatus() {
		return this.status;
	}

	public void setStatus(ModelStatus status) {
		this.status = status;
	}

	public Long getDatasetId() {
		return this.datasetId;
	}

	public Long getParentId() {
		return this.parentId;
	}

	public String getParameters() {
		return this.parameters;
	}

	public String getMetrics() {
		return this.metrics;
	}

	public void setMetrics(String metrics) {
		this.metrics = metrics;
	}

	public String getDecision() {
		return this.decision;
	}

	public void setDecision(String decision) {
		this.decision = decision;
	}

	public Instant getDeletedAt() {
		return this.deletedAt;
	}

	/** Deleted: the artifact is gone (the caller removes the file after the commit). */
	void deleted(Instant now) {
		this.status = ModelStatus.DELETED;
		this.deletedAt = now;
		this.artifactPath = null;
	}

	public String getArtifactPath() {
		return this.artifactPath;
	}

	public Long getArtifactSize() {
		return this.artifactSize;
	}

	public String getArtifactSha256() {
		return this.artifactSha256;
	}

	public void setArtifact(String path, long size, String sha256) {
		this.artifactPath = path;
		this.artifactSize = size;
		this.artifactSha256 = sha256;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getPromotedAt() {
		return this.promotedAt;
	}

	public void setPromotedAt(Instant promotedAt) {
		this.promotedAt = promotedAt;
	}

}
