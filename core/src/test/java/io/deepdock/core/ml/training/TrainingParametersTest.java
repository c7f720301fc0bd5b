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
	void fashionTrainsTwentyFourEpochsByDefaultWhatTheFasterStandardNetworkFitsInTheTimeOfTheFormerTwenty() {
		TrainingParameters fashion = TrainingParameters.defaults(Task.FASHION);
		assertThat(fashion.architecture()).isEqualTo("standard");
		assertThat(fashion.epochs()).isEqualTo(24);
		assertThat(fashion.batchSize()).isEqualTo(128);
	}

	@Test
	void everyTaskHoldsOutAValidationSplitSoEachEpochHasAValidationScore() {
		for (Task task : Task.values()) {
			assertThat(TrainingParameters.defaults(task).validationFraction()).as(task.id()).isGreaterThan(0);
		}
	}

	@Test
	void namesEveryBrokenFieldWithItsAllowedRange() {
		TrainingParameters bad = new TrainingParameters("resnet", 0, 5000, 0, -1, true, -2, 0.9, -3);

		InvalidTrainingParametersException ex = catchThrowableOfType(InvalidTrainingParametersException.class,
				() -> bad.validate(Task.TOXICITY));

		assertThat(ex.errors()).extracting(InvalidTrainingParametersException.FieldError::field)
			.containsExactly("architecture", "epochs", "batchSize", "learningRate", "seed", "augmentation", "patience",
					"validationFraction", "trainLimit");
		assertThat(ex.errors().get(1).message()).isEqualTo("must be between 1 and 200");
		assertThat(ex.errors().get(0).message()).contains("[bow]");
		assertThat(ex.getMessage()).contains("epochs must be between 1 and 200");
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
