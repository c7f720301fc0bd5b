package io.deepdock.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./deepdock train}: a real (short) training in the foreground on the embedded
 * infrastructure, printing its epochs and registering the version; bad input stops it
 * with the reason.
 */
class TrainCommandIT {

	@TempDir
	Path home;

	@Test
	void trainsInTheForegroundPrintsEachEpochAndRegistersTheVersion() throws Exception {
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(600, "train", "digits", "--epochs", "2",
				"--architecture", "small", "--limit", "600", "--batch-size", "32");
		assertThat(result.code()).as(result.output()).isZero();
		assertThat(result.output()).contains("epoch 1/2")
			.contains("epoch 2/2")
			.contains("registered:")
			.contains("\"version\":1")
			.contains("\"promoted\":true")
			.contains("test (")
			.contains("accuracy")
			.contains("macro F1");
		// the artifact is in the platform's media, where ./deepdock up will serve it from
		assertThat(this.home.resolve("media/models/digits")).isDirectory();
	}

	@Test
	void trainsToxicityOnACsvNamedOnTheCommandLineAndPrintsItsAuc() throws Exception {
		Path csv = this.home.resolve("comments.csv");
		Files.writeString(csv, plantedCsv(400), StandardCharsets.UTF_8);
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(600, "train", "toxicity", "--csv",
				csv.toString(), "--epochs", "2");
		assertThat(result.code()).as(result.output()).isZero();
		assertThat(result.output()).contains("imported " + csv)
			.contains("(321 train, 79 test)")
			.contains("epoch 2/2")
			.contains("registered:")
			.contains("test (79 texts): mean ROC AUC")
			.contains("threat         ROC AUC")
			.contains("\"metric\":\"mean_roc_auc\"");
		// the dataset's own files hold the data: the command's copy of the CSV is removed
		assertThat(uploadsLeft()).isZero();
	}

	@Test
	void aCsvThatIsNotUtf8StopsTheTrainingWithTheReason() throws Exception {
		Path csv = this.home.resolve("latin1.csv");
		Files.write(csv, plantedCsv(100).replace("you", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(300, "train", "toxicity", "--csv",
				csv.toString());
		assertThat(result.code()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("not valid UTF-8");
		assertThat(uploadsLeft()).as("the refused copy is not left in media").isZero();
	}

	/** Files left in media's uploads (the command's copy of the CSV). */
	long uploadsLeft() throws java.io.IOException {
		Path uploads = this.home.resolve("media/uploads/datasets");
		if (!Files.exists(uploads)) {
			return 0;
		}
		try (java.util.stream.Stream<Path> files = Files.walk(uploads)) {
			return files.filter(Files::isRegularFile).count();
		}
	}

	/**
	 * A Jigsaw-format CSV with a planted rule: "idiot" makes a comment toxic and an
	 * insult, "kill" a threat; every other label follows "toxic".
	 */
	static String plantedCsv(int rows) {
		String[] clean = { "thanks for the edit", "see the talk page", "I added a source", "good point about the date",
				"please check the spelling", "the article needs a map" };
		StringBuilder out = new StringBuilder(
				"id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
		for (int i = 0; i < rows; i++) {
			String text = clean[i % clean.length] + " " + clean[(i / 6) % clean.length];
			int toxic = 0;
			int threat = 0;
			if (i % 3 == 0) {
				text = "you idiot, " + text;
				toxic = 1;
			}
			if (i % 7 == 0) {
				text = text + " or I will kill you";
				threat = 1;
				toxic = 1;
			}
			out.append(i)
				.append(",\"")
				.append(text)
				.append("\",")
				.append(toxic)
				.append(',')
				.append(toxic * threat)
				.append(',')
				.append(toxic)
				.append(',')
				.append(threat)
				.append(',')
				.append(toxic)
				.append(',')
				.append((i % 21 == 0) ? 1 : 0)
				.append('\n');
		}
		return out.toString();
	}

	@Test
	void outOfRangeParametersStopItWithTheFieldNamed() throws Exception {
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(300, "train", "digits", "--epochs",
				"100000");
		assertThat(result.code()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("epochs");
	}

}
