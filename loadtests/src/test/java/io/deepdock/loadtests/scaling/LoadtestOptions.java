package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.deepdock.loadtests.LoadSettings;
import io.deepdock.loadtests.Scenario;

/**
 * {@code ./deepdock loadtest}'s options, parsed by hand in the style of the launcher's
 * {@code CommandLine} (each mistake an {@link IllegalArgumentException} naming the
 * argument).
 *
 * @param scenario what to run at each step
 * @param web the web replica counts, in order
 * @param target {@code local} ({@code ./deepdock up}) or {@code swarm} ({@code docker
 * service scale} on the deployed stack)
 * @param duration the load held at each step, after the ramp
 * @param warmup the load before each step's measured run (its report is kept apart)
 * @param users concurrent users
 * @param ramp the time to reach them
 * @param rps a constant arrival rate instead of looping users (0: none)
 * @param port the port of {@code up} (local) or of the stack's lb (swarm)
 * @param tasks the image tasks, or {@code toxicity}
 * @param home the state directory (local: its models are served; swarm: its secrets)
 * @param out where the report goes
 */
record LoadtestOptions(Scenario scenario, List<Integer> web, String target, Duration duration, Duration warmup,
		int users, Duration ramp, double rps, int port, String tasks, Path home, Path out) {

	static final String USAGE = """
			usage: ./deepdock loadtest [--scenario browse|predict-image|predict-text|mixed] [--web 1,2,4]
			                           [--target local|swarm] [--duration 60s] [--warmup 15s] [--users 32]
			                           [--ramp 5s] [--rps R] [--port P] [--tasks digits,fashion] [--home DIR] [--out DIR]
			For each web replica count: restart the local platform with that many replicas (swarm: docker service
			scale), warm up, run the scenario, record throughput, p50/p95/p99, errors, CPU and RSS per process; then
			write OUT/report.md (default target/loadtest) with a chart and links to JMeter's HTML reports.
			""";

	static LoadtestOptions parse(Path root, String... args) {
		Deque<String> rest = new ArrayDeque<>();
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				rest.add(arg.substring(0, arg.indexOf('=')));
				rest.add(arg.substring(arg.indexOf('=') + 1));
			}
			else {
				rest.add(arg);
			}
		}
		Scenario scenario = Scenario.PREDICT_IMAGE;
		List<Integer> web = List.of(1, 2);
		String target = "local";
		Duration duration = Duration.ofSeconds(60);
		Duration warmup = Duration.ofSeconds(15);
		int users = 32;
		Duration ramp = Duration.ofSeconds(5);
		double rps = 0;
		int port = 8080;
		String tasks = "digits,fashion";
		String environmentHome = System.getenv("DEEPDOCK_HOME");
		Path home = (environmentHome != null && !environmentHome.isBlank()) ? Path.of(environmentHome)
				: root.resolve(".deepdock");
		Path out = root.resolve("target/loadtest");
		while (!rest.isEmpty()) {
			String option = rest.poll();
			switch (option) {
				case "--scenario" -> scenario = Scenario.of(value(option, rest));
				case "--web" -> web = replicas(value(option, rest));
				case "--target" -> {
					target = value(option, rest);
					if (!target.equals("local") && !target.equals("swarm")) {
						throw new IllegalArgumentException("--target is local or swarm, not '" + target + "'");
					}
				}
				case "--duration" -> duration = LoadSettings.duration(value(option, rest));
				case "--warmup" -> warmup = LoadSettings.duration(value(option, rest));
				case "--users" -> users = integer(option, value(option, rest), 1, 4096);
				case "--ramp" -> ramp = LoadSettings.duration(value(option, rest));
				case "--rps" -> rps = Double.parseDouble(value(option, rest));
				case "--port" -> port = integer(option, value(option, rest), 1, 65535);
				case "--tasks" -> tasks = value(option, rest);
				case "--home" -> home = Path.of(value(option, rest));
				case "--out" -> out = Path.of(value(option, rest));
				case "--help", "-h", "help" -> throw new IllegalArgumentException("help");
				default -> throw new IllegalArgumentException("unknown option '" + option + "' for 'loadtest'");
			}
		}
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException("--duration must be positive");
		}
		return new LoadtestOptions(scenario, web, target, duration, warmup, users, ramp, rps, port, tasks,
				home.toAbsolutePath(), out.toAbsolutePath());
	}

	/** {@code 1,2,4}: positive, increasing replica counts. */
	static List<Integer> replicas(String text) {
		List<Integer> counts = new ArrayList<>();
		for (String part : text.split(",")) {
			int count = integer("--web", part.strip(), 1, 16);
			if (!counts.isEmpty() && count <= counts.get(counts.size() - 1)) {
				throw new IllegalArgumentException("--web counts must increase: " + text);
			}
			counts.add(count);
		}
		return List.copyOf(counts);
	}

	private static String value(String option, Deque<String> rest) {
		String value = rest.poll();
		if (value == null || value.isEmpty() || value.startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return value;
	}

	private static int integer(String option, String value, int min, int max) {
		int number;
		try {
			number = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
		}
		if (number < min || number > max) {
			throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + number);
		}
		return number;
	}

}
