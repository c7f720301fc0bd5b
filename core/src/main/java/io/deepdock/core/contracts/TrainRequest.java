package io.deepdock.core.contracts;

import java.util.List;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.TrainingParameters;

/**
 * What a TRAIN or RETRAIN job asks for, as stored in the job's payload: the task,
 * optionally a dataset (else the latest one of the task the owner may use; the newest
 * trusted one for a job with no owner), the hyper-parameters that differ from the task's
 * defaults, and whether the result may be promoted (in any case only when it was trained
 * on trusted data by the platform or an admin):
 * <ul>
 * <li>{@code if-none} (the default for TRAIN): only when the task has no ACTIVE version
 * yet;</li>
 * <li>{@code never};</li>
 * <li>{@code challenger} (the default for RETRAIN): the new version, the challenger, and
 * the ACTIVE one, the champion, are evaluated on the task's trusted evaluation set, and
 * the challenger is promoted when its main metric beats the champion's by at least
 * {@code minImprovement}; the decision is recorded on the challenger either way.</li>
 * </ul>
 * {@code feedback} adds the predictions that users corrected, and that no earlier
 * training used, to the training split (RETRAIN does by default); a training that may
 * promote takes only trusted corrections (an admin's).
 * <p>
 * {@code importJobId} names the import of a dataset that is still under way: the training
 * waits (QUEUED, holding no worker) until that import ends, then trains on the dataset it
 * made, or fails if it failed; it never trains on another dataset instead.
 */
@MessageType("job.train.v1")
public record TrainRequest(String task, Long datasetId, Overrides parameters, String promote, Double minImprovement,
		Boolean feedback, Long scheduleId, Long importJobId) implements JobPayload {

	/** Promotion policies. */
	public static final List<String> PROMOTE_POLICIES = List.of("if-none", "never", "challenger");

	public TrainRequest(String task, Long datasetId, Overrides parameters, String promote) {
		this(task, datasetId, parameters, promote, null, null, null, null);
	}

	public TrainRequest(String task, Long datasetId, Overrides parameters, String promote, Double minImprovement,
			Boolean feedback, Long scheduleId) {
		this(task, datasetId, parameters, promote, minImprovement, feedback, scheduleId, null);
	}

	/** The same request on another dataset. */
	public TrainRequest withDatasetId(Long datasetId) {
		return new TrainRequest(this.task, datasetId, this.parameters, this.promote, this.minImprovement, this.feedback,
				this.scheduleId, this.importJobId);
	}

	/** The same request on the dataset that an import still under way makes. */
	public TrainRequest withImportJobId(Long importJobId) {
		return new TrainRequest(this.task, this.datasetId, this.parameters, this.promote, this.minImprovement,
				this.feedback, this.scheduleId, importJobId);
	}

	/** Hyper-parameters that override the task's defaults; null means "the default". */
	public record Overrides(String architecture, Integer epochs, Integer batchSize, Double learningRate, Long seed,
			Boolean augmentation, Integer patience, Double validationFraction, Integer limit, Double labelSmoothing) {

		public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null, null);

	}

	/** The task, or a field error naming it. */
	public Task resolveTask() {
		try {
			return Task.fromId(this.task);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			// the job's error names what was asked for (a worker has no rejectedValue to
			// show), cut short: it is the sender's text
			String asked = String.valueOf(this.task);
			String shown = (asked.length() > 64) ? asked.substring(0, 64) + "…" : asked;
			throw new InvalidTrainingParametersException(List.of(new InvalidTrainingParametersException.FieldError(
					"task", asked, "must be one of digits, fashion, toxicity (got '" + shown + "')")));
		}
	}

	/**
	 * The task's defaults with the overrides applied, validated.
	 * @throws InvalidTrainingParametersException with one error per broken rule
	 */
	public TrainingParameters resolveParameters() {
		Task resolved = resolveTask();
		TrainingParameters p = TrainingParameters.defaults(resolved);
		Overrides o = (this.parameters != null) ? this.parameters : Overrides.NONE;
		if (o.architecture() != null) {
			p = p.withArchitecture(o.architecture());
		}
		if (o.epochs() != null) {
			p = p.withEpochs(o.epochs());
		}
		if (o.batchSize() != null) {
			p = p.withBatchSize(o.batchSize());
		}
		if (o.learningRate() != null) {
			p = p.withLearningRate(o.learningRate());
		}
		if (o.seed() != null) {
			p = p.withSeed(o.seed());
		}
		if (o.augmentation() != null) {
			p = p.withAugmentation(o.augmentation());
		}
		if (o.patience() != null || o.validationFraction() != null) {
			p = p.withEarlyStopping((o.patience() != null) ? o.patience() : p.patience(),
					(o.validationFraction() != null) ? o.validationFraction() : p.validationFraction());
		}
		if (o.limit() != null) {
			p = p.withTrainLimit(o.limit());
		}
		if (o.labelSmoothing() != null) {
			p = p.withLabelSmoothing(o.labelSmoothing());
		}
		if (this.promote != null && !PROMOTE_POLICIES.contains(this.promote)) {
			throw new InvalidTrainingParametersException(List.of(new InvalidTrainingParametersException.FieldError(
					"promote", this.promote, "must be one of " + String.join(", ", PROMOTE_POLICIES))));
		}
		if (this.minImprovement != null
				&& (this.minImprovement.isNaN() || this.minImprovement < -1 || this.minImprovement > 1)) {
			throw new InvalidTrainingParametersException(List.of(new InvalidTrainingParametersException.FieldError(
					"minImprovement", String.valueOf(this.minImprovement), "must be between -1 and 1")));
		}
		return p.validate(resolved);
	}

	/**
	 * The promotion policy, with the job type's default.
	 */
	public String promotePolicy(JobType type) {
		if (this.promote != null) {
			return this.promote;
		}
		return (type == JobType.RETRAIN) ? "challenger" : "if-none";
	}

	/** Whether feedback-labelled predictions join the training split. */
	public boolean usesFeedback(JobType type) {
		return (this.feedback != null) ? this.feedback : type == JobType.RETRAIN;
	}

	public double minImprovementOrDefault() {
		return (this.minImprovement != null) ? this.minImprovement : 0.0;
	}

}
