package io.deepdock.core.jobs;

import java.util.List;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.TrainingParameters;

/**
 * What a TRAIN job asks for, as stored in the job's payload: the task, optionally a
 * dataset (else the latest one of the task), the hyper-parameters that differ from the
 * task's defaults, and whether the result may be promoted ({@code if-none}: only when the
 * task has no ACTIVE version yet, the default; {@code never}).
 */
public record TrainRequest(String task, Long datasetId, Overrides parameters, String promote) {

	/** Hyper-parameters that override the task's defaults; null means "the default". */
	public record Overrides(String architecture, Integer epochs, Integer batchSize, Double learningRate, Long seed,
			Boolean augmentation, Integer patience, Double validationFraction, Integer limit) {

		public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null);

	}

	/** The task, or a field error naming it. */
	public Task resolveTask() {
		try {
			return Task.fromId(this.task);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidTrainingParametersException(
					List.of(new InvalidTrainingParametersException.FieldError("task", String.valueOf(this.task),
							"must be one of digits, fashion, toxicity (got '" + this.task + "')")));
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
		if (this.promote != null && !this.promote.equals("if-none") && !this.promote.equals("never")) {
			throw new InvalidTrainingParametersException(List.of(new InvalidTrainingParametersException.FieldError(
					"promote", this.promote, "must be if-none or never")));
		}
		return p.validate(resolved);
	}

	public boolean mayPromote() {
		return !"never".equals(this.promote);
	}

}
