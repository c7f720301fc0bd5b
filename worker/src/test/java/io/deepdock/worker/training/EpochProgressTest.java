package io.deepdock.worker.training;

import io.deepdock.core.ml.training.TrainingListener.EpochProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job's page draws from an epoch event: both curves (train and validation score),
 * the throughput, and the log line with its values.
 */
class EpochProgressTest {

	private final EpochProgress epoch = new EpochProgress(3, 15, 0.0912, "accuracy", 0.990, 0.987, 2e-3, 51.2, 1154.4);

	@Test
	void anEpochEventCarriesBothScoresTheThroughputAndThePlannedEpochs() {
		assertThat(TrainingJob.ProgressRelay.epochMetrics(this.epoch)).containsEntry("epochs", 15.0)
			.containsEntry("loss", 0.0912)
			.containsEntry("trainScore", 0.990)
			.containsEntry("validationScore", 0.987)
			.containsEntry("imagesPerSecond", 1154.4);
	}

	@Test
	void theLogLineGivesTheValuesOfTheEpoch() {
		assertThat(TrainingJob.ProgressRelay.epochLine(this.epoch))
			.isEqualTo("epoch 3/15: loss 0.091, accuracy 0.990, validation 0.987, 1,154 img/s");
	}

	@Test
	void anEpochWithoutValidationSplitHasNoValidationScore() {
		EpochProgress noValidation = new EpochProgress(1, 2, 0.5, "accuracy", 0.8, null, 2e-3, 1, 10);
		assertThat(TrainingJob.ProgressRelay.epochMetrics(noValidation)).doesNotContainKey("validationScore");
		assertThat(TrainingJob.ProgressRelay.epochLine(noValidation)).doesNotContain("validation");
	}

}
