package io.deepdock.worker.training;

import java.util.List;

import io.deepdock.core.contracts.TrainRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainRunnerTest {

	@Test
	void parsesTheTaskAndEveryOptionInBothForms() {
		TrainRequest request = TrainRunner.parse(List.of("train", "digits", "--epochs", "3", "--architecture=small",
				"--batch-size", "32", "--learning-rate", "0.001", "--seed", "7", "--augmentation", "false",
				"--patience", "2", "--validation-fraction", "0.1", "--limit", "500", "--dataset", "12"));
		assertThat(request.task()).isEqualTo("digits");
		assertThat(request.datasetId()).isEqualTo(12L);
		TrainRequest.Overrides o = request.parameters();
		assertThat(o.epochs()).isEqualTo(3);
		assertThat(o.architecture()).isEqualTo("small");
		assertThat(o.batchSize()).isEqualTo(32);
		assertThat(o.learningRate()).isEqualTo(0.001);
		assertThat(o.seed()).isEqualTo(7L);
		assertThat(o.augmentation()).isFalse();
		assertThat(o.patience()).isEqualTo(2);
		assertThat(o.validationFraction()).isEqualTo(0.1);
		assertThat(o.limit()).isEqualTo(500);
	}

	@Test
	void takesACsvToImportForToxicityButNotWithADatasetId() {
		TrainRunner.Parsed parsed = TrainRunner
			.parseCommand(List.of("train", "toxicity", "--csv", "comments.csv", "--epochs", "3"));
		assertThat(parsed.csv()).hasToString("comments.csv");
		assertThat(parsed.request().task()).isEqualTo("toxicity");
		assertThat(parsed.request().datasetId()).isNull();
		assertThatThrownBy(
				() -> TrainRunner.parseCommand(List.of("train", "toxicity", "--csv", "a.csv", "--dataset", "4")))
			.hasMessageContaining("not both");
	}

	@Test
	void refusesAMissingTaskAnUnknownOptionAndANonNumber() {
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train"))).hasMessageContaining("name a task");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--speed", "3")))
			.hasMessageContaining("unknown option --speed");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--epochs", "many")))
			.hasMessageContaining("--epochs needs a number");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--epochs")))
			.hasMessageContaining("expected --option value");
	}

	@Test
	void refusesAStrayWordAnUnknownOptionWithItsValueAndAnAugmentationThatIsNotABoolean() {
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "fast")))
			.hasMessage("expected --option value, got 'fast'");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--speed=3")))
			.hasMessage("unknown option --speed");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--augmentation", "maybe")))
			.hasMessage("--augmentation needs true or false, got 'maybe'");
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--epochs")))
			.hasMessage("expected --option value, got '--epochs'");
	}

	@Test
	void takesLabelSmoothingAsAnOverrideThatTheTasksRulesThenCheck() {
		TrainRequest request = TrainRunner.parse(List.of("train", "fashion", "--label-smoothing", "0.05"));
		assertThat(request.parameters().labelSmoothing()).isEqualTo(0.05);
		assertThat(request.resolveParameters().labelSmoothing()).isEqualTo(0.05);
		assertThatThrownBy(() -> TrainRunner.parse(List.of("train", "digits", "--label-smoothing", "some")))
			.hasMessage("--label-smoothing needs a number, got 'some'");
		assertThatThrownBy(
				() -> TrainRunner.parse(List.of("train", "toxicity", "--label-smoothing", "0.1")).resolveParameters())
			.hasMessageContaining("labelSmoothing");
	}

	@Test
	void leavesEveryOverrideUnsetWhenOnlyTheTaskIsGivenAndKeepsTheLastOfARepeatedOption() {
		TrainRequest request = TrainRunner.parse(List.of("train", "fashion"));
		assertThat(request.task()).isEqualTo("fashion");
		assertThat(request.datasetId()).isNull();
		assertThat(request.parameters())
			.isEqualTo(new TrainRequest.Overrides(null, null, null, null, null, null, null, null, null, null));
		assertThat(TrainRunner.parse(List.of("digits", "--epochs", "2", "--epochs=4")).parameters().epochs())
			.isEqualTo(4);
	}

}
