package io.deepdock.core.predictions;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One prediction, kept with the model version that made it; a feedback label feeds
 * retraining.
 *
 * <p>
 * Where the input is: an online image upload has its own file ({@code inputPath}, e.g.
 * {@code uploads/digits/...png}); a text has {@code inputText}. A row of a batch job
 * ({@code jobId} set) has {@code inputPath} = the uploaded zip or CSV and
 * {@code inputName} = the zip entry (or the CSV row's id): its image is that entry of the
 * archive, not a file of its own.
 */
@Entity
@Table(name = "prediction")
public class Prediction {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String task;

	@Column(name = "owner_id")
	private Long ownerId;

	@Column(name = "model_version_id", nullable = false)
	private Long modelVersionId;

	@Column(name = "job_id")
	private Long jobId;

	@Column(name = "input_path")
	private String inputPath;

	/**
	 * When retention removed the stored image ({@code inputPath}); null while it exists.
	 */
	@Column(name = "input_expired_at")
	private Instant inputExpiredAt;

	@Column(name = "input_text")
	private String inputText;

	@Column(name = "input_name")
	private String inputName;

	@Column(nullable = false)
	private String label;

	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String probabilities;

	@Column(name = "latency_micros", nullable = false)
	private long latencyMicros;

	@Column(name = "feedback_label")
	private String feedbackLabel;

	@Column(name = "feedback_at")
	private Instant feedbackAt;

	@Column(name = "used_in_job_id")
	private Long usedInJobId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt = Instant.now();

	/** Whether the 28x28 features it was made from are kept (image predictions). */
	@org.hibernate.annotations.Formula("(features IS NOT NULL)")
	private boolean hasFeatures;

	protected Prediction() {
	}

	public Prediction(String task, Long ownerId, Long modelVersionId, String label, String probabilitiesJson,
			long latencyMicros) {
		this.task = task;
		this.ownerId = ownerId;
		this.modelVersionId = modelVersionId;
		this.label = label;
		this.probabilities = probabilitiesJson;
		this.latencyMicros = latencyMicros;
	}

	public Long getId() {
		return this.id;
	}

	public String getTask() {
		return this.task;
	}

	public Long getOwnerId() {
		return this.ownerId;
	}

	public Long getModelVersionId() {
		return this.modelVersionId;
	}

	public Long getJobId() {
		return this.jobId;
	}

	public void setJobId(Long jobId) {
		this.jobId = jobId;
	}

	public String getInputPath() {
		return this.inputPath;
	}

	public void setInputPath(String inputPath) {
		this.inputPath = inputPath;
	}

	public Instant getInputExpiredAt() {
		return this.inputExpiredAt;
	}

	public String getInputText() {
		return this.inputText;
	}

	public void setInputText(String inputText) {
		this.inputText = inputText;
	}

	public String getInputName() {
		return this.inputName;
	}

	public void setInputName(String inputName) {
		this.inputName = inputName;
	}

	public String getLabel() {
		return this.label;
	}

	public String getProbabilities() {
		return this.probabilities;
	}

	public long getLatencyMicros() {
		return this.latencyMicros;
	}

	public String getFeedbackLabel() {
		return this.feedbackLabel;
	}

	public Instant getFeedbackAt() {
		return this.feedbackAt;
	}

	public void giveFeedback(String label, Instant at) {
		this.feedbackLabel = label;
		this.feedbackAt = at;
	}

	public Long getUsedInJobId() {
		return this.usedInJobId;
	}

	public void setUsedInJobId(Long usedInJobId) {
		this.usedInJobId = usedInJobId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public boolean isHasFeatures() {
		return this.hasFeatures;
	}

}
