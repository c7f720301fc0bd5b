package io.deepdock.core.ml.training;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.text.ToxicityFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingRunTest {

	@TempDir
	Path dir;

	@Test
	void trainsFromTheCommandLinePrintsEpochsAndWritesAVerifiedArtifact() throws Exception {
		Path train = this.dir.resolve("train.csv");
		Path test = this.dir.resolve("test.csv");
		Files.writeString(train, ToxicityFixtures.csv(800, 0.03, 3));
		Files.writeString(test, ToxicityFixtures.csv(300, 0.03, 4));
		Path artifact = this.dir.resolve("model.zip");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();

		try (TrainedModel model = TrainingRun.run(
				new String[] { "toxicity", "--train", train.toString(), "--test", test.toString(), "--epochs", "2",
						"--out", artifact.toString(), "--dataset-id", "ds-1", "--checkpoint-dir",
						this.dir.resolve("checkpoints").toString() },
				new PrintStream(printed, true, StandardCharsets.UTF_8))) {
			String output = printed.toString(StandardCharsets.UTF_8);
			assertThat(output).contains("epoch 1/2", "epoch 2/2", "toxicity: test mean_roc_auc", "severe_toxic",
					"sha256 ");
			String sha = output.substring(output.indexOf("sha256 ") + 7).trim();
			try (InputStream in = Files.newInputStream(artifact);
					LoadedModel loaded = ModelArtifacts.read(in, sha, Task.TOXICITY)) {
				assertThat(loaded.metadata().datasetId()).isEqualTo("ds-1");
				assertThat(loaded.metadata().parameters().epochs()).isEqualTo(2);
			}
			assertThat(this.dir.resolve("checkpoints/toxicity.ckpt")).exists();
		}
	}

	@Test
	void refusesUnknownOptionsAndTasks() {
		PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		assertThatThrownBy(() -> TrainingRun.run(new String[] { "toxicity", "--speed", "11" }, out))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("unknown option --speed");
		assertThatThrownBy(() -> TrainingRun.run(new String[] { "cats" }, out))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unknown task 'cats'");
		assertThatThrownBy(() -> TrainingRun.run(new String[] { "digits", "--epochs", "0" }, out))
			.isInstanceOf(InvalidTrainingParametersException.class)
			.hasMessageContaining("epochs must be between 1 and 200");
	}

}
