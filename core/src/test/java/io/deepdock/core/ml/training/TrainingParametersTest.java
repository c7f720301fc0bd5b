package io.deepdock.core.ml.training;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TrainingParametersTest {

	@Test
	void acceptsTheDefaultsOfEveryTask() {
		for (Task task : Task.values()) {
			assertThat(TrainingParameters.defaults(task).validate(task)).isNotNull();
		}
	}

	@Test
	void digitsTrainThirtyEpochsByDefaultTheCountThatScoredBestOnTheHeldOutSplit() {
		TrainingParameters digits = TrainingParameters.defaults(Task.DIGITS);
		assertThat(digits.architecture()).isEqualTo("standard");
		assertThat(digits.epochs()).isEqualTo(30);
	}

	@Test
	void fashionTrainsThirtySixEpochsByDefaultWhatTheFasterStandardNetworkFitsInTheTimeOfTheFormerTwenty() {
		TrainingParameters fashion = TrainingParameters.defaults(Task.FASHION);
		assertThat(fashion.architecture()).isEqualTo("standard");
		assertThat(fashion.epochs()).isEqualTo(36);
		assertThat(fashion.batchSize()).isEqualTo(128);
	}

	@Test
	void everyTaskHoldsOutAValidationSplitSoEachEpochHasAValidationScore() {
		for (Task task : Task.values()) {
			assertThat(TrainingParameters.defaults(task).validationFraction()).as(task.id()).isGreaterThan(0);
		}
	}

	@Test
	void digitsHoldOutATwentiethForTheirValidationCurveAndTrainOnTheRestWhileFashionHoldsOutATenth() {
		assertThat(TrainingParameters.defaults(Task.DIGITS).validationFraction()).isEqualTo(0.05);
		assertThat(TrainingParameters.defaults(Task.DIGITS).patience()).isZero();
		assertThat(TrainingParameters.defaults(Task.FASHION).validationFraction()).isEqualTo(0.1);
	}

	@Test
	void namesEveryBrokenFieldWithItsAllowedRange() {
		TrainingParameters bad = new TrainingParameters("resnet", 0, 5000, 0, -1, true, -2, 0.9, -3, 0.6);

		InvalidTrainingParametersException ex = catchThrowableOfType(InvalidTrainingParametersException.class,
				() -> bad.validate(Task.TOXICITY));

		assertThat(ex.errors()).extracting(InvalidTrainingParametersException.FieldError::field)
			.containsExactly("architecture", "epochs", "batchSize", "learningRate", "seed", "augmentation", "patience",
					"validationFraction", "labelSmoothing", "trainLimit");
		assertThat(ex.errors().get(1).message()).isEqualTo("must be between 1 and 200");
		assertThat(ex.errors().get(0).message()).contains("[bow]");
		assertThat(ex.getMessage()).contains("epochs must be between 1 and 200");
	}

	@Test
	void digitsSmoothTheirTrainingTargetsByDefaultAndTheOtherTasksDoNot() {
		assertThat(TrainingParameters.defaults(Task.DIGITS).labelSmoothing()).isEqualTo(0.1);
		assertThat(TrainingParameters.defaults(Task.FASHION).labelSmoothing()).isZero();
		assertThat(TrainingParameters.defaults(Task.TOXICITY).labelSmoothing()).isZero();
	}

	@Test
	void refusesLabelSmoothingOutOfRangeOrForAMultiLabelTask() {
		for (double bad : new double[] { -0.1, 0.51, Double.NaN }) {
			assertThatThrownBy(
					() -> TrainingParameters.defaults(Task.FASHION).withLabelSmoothing(bad).validate(Task.FASHION))
				.as("%s", bad)
				.hasMessageContaining("labelSmoothing must be between 0 (off) and 0.5");
		}
		assertThatThrownBy(
				() -> TrainingParameters.defaults(Task.TOXICITY).withLabelSmoothing(0.1).validate(Task.TOXICITY))
			.hasMessageContaining("labelSmoothing is only available for single-label tasks");
		assertThat(TrainingParameters.defaults(Task.FASHION)
			.withLabelSmoothing(0.5)
			.validate(Task.FASHION)
			.labelSmoothing()).isEqualTo(0.5);
	}

	@Test
	void readsParametersStoredBeforeLabelSmoothingExistedAsWithoutIt() {
		String stored = """
				{"architecture":"standard","epochs":30,"batchSize":64,"learningRate":0.002,"seed":42,
				 "augmentation":true,"patience":0,"validationFraction":0.1,"trainLimit":0}""";
		TrainingParameters read = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readValue(stored, TrainingParameters.class);
		assertThat(read.labelSmoothing()).isZero();
		assertThat(read.epochs()).isEqualTo(30);
	}

	@Test
	void refusesEarlyStoppingWithoutAValidationSplit() {
		assertThatThrownBy(() -> TrainingParameters.defaults(Task.DIGITS).withEarlyStopping(3, 0).validate(Task.DIGITS))
			.isInstanceOf(InvalidTrainingParametersException.class)
			.hasMessageContaining("validationFraction must be greater than 0 when early stopping");
	}

	@Test
	void refusesAnImageArchitectureForText() {
		assertThatThrownBy(
				() -> TrainingParameters.defaults(Task.TOXICITY).withArchitecture("standard").validate(Task.TOXICITY))
			.isInstanceOf(InvalidTrainingParametersException.class)
			.hasMessageContaining("architecture must be one of [bow]");
	}

}
