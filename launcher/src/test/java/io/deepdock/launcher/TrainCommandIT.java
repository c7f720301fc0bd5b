package io.deepdock.launcher;

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
			.contains("\"promoted\":true");
		// the artifact is in the platform's media, where ./deepdock up will serve it from
		assertThat(this.home.resolve("media/models/digits")).isDirectory();
	}

	@Test
	void outOfRangeParametersStopItWithTheFieldNamed() throws Exception {
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(300, "train", "digits", "--epochs",
				"100000");
		assertThat(result.code()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("epochs");
	}

}
