package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepdock.loadtests.LoadSettings;
import io.deepdock.loadtests.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./deepdock loadtest}'s options, parsed with picocli like every other command
 * (the launcher's {@code CommandLine}, the worker's {@code train}): each mistake an
 * {@link IllegalArgumentException} naming the argument, in the usage's words.
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
 * @param webCpus swarm: the CPU limit of each web task for the whole run
 * ({@code docker service update --limit-cpu}); 0 keeps the stack's
 * @param port the port of {@code up} (local) or of the stack's lb (swarm)
 * @param tasks the image tasks, or {@code toxicity}
 * @param home the state directory (local: its models are served; swarm: its secrets)
 * @param out where the report goes
 */
record LoadtestOptions(Scenario scenario, List<Integer> web, String target, Duration duration, Duration warmup,
		double steadyPercent, Duration warmupMax, int users, Duration ramp, double rps, double webCpus, int port,
		String tasks, Path home, Path out) {

	static final String USAGE = """
			usage: ./deepdock loadtest [--scenario browse|predict-image|predict-text|mixed] [--web 1,2,4]
			                           [--target local|swarm] [--duration 60s] [--warmup 15s] [--users 32]
			                           [--ramp 5s] [--rps R] [--port P] [--tasks digits,fashion] [--home DIR] [--out DIR]
			                           [--web-cpus 0.5 (swarm: each web task's CPU limit)]
			                           [--steady 5 (%; 0: one warm-up window)] [--warmup-max 10m]
			For each web replica count: restart the local platform with that many replicas (swarm: docker service
			scale), warm up in windows of --warmup until two in a row are within --steady % of each other (or
			--warmup-max is spent), run the scenario, record throughput, p50/p95/p99, errors, CPU and RSS per process;
			then write OUT/report.md (default target/loadtest) with a chart and links to JMeter's HTML reports.
			""";

	static LoadtestOptions parse(Path root, String... args) {
		Arguments given = new Arguments();
		try {
			// as the other commands: the last of a repeated option wins, @file is a word
			new picocli.CommandLine(given).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false).parseArgs(args);
		}
		catch (ParameterException ex) {
			throw new IllegalArgumentException(describe(ex), ex);
		}
		if (given.help || given.words.equals(List.of("help"))) {
			throw new IllegalArgumentException("help");
		}
		if (!given.words.isEmpty()) {
			throw new IllegalArgumentException("unknown option '" + given.words.get(0) + "' for 'loadtest'");
		}
		Scenario scenario = (given.scenario != null) ? Scenario.of(value("--scenario", given.scenario))
				: Scenario.PREDICT_IMAGE;
		List<Integer> web = (given.web != null) ? replicas(value("--web", given.web)) : List.of(1, 2);
		String target = (given.target != null) ? value("--target", given.target) : "local";
		if (!target.equals("local") && !target.equals("swarm")) {
			throw new IllegalArgumentException("--target is local or swarm, not '" + target + "'");
		}
		Duration duration = (given.duration != null) ? LoadSettings.duration(value("--duration", given.duration))
				: Duration.ofSeconds(60);
		Duration warmup = (given.warmup != null) ? LoadSettings.duration(value("--warmup", given.warmup))
				: Duration.ofSeconds(15);
		if (warmup.isNegative()) {
			throw new IllegalArgumentException("--warmup must not be negative");
		}
		double steady = (given.steady != null) ? percent(value("--steady", given.steady)) : 5;
		Duration warmupMax = (given.warmupMax != null) ? LoadSettings.duration(value("--warmup-max", given.warmupMax))
				: Duration.ofMinutes(10);
		if (steady > 0 && (warmup.isZero() || warmupMax.compareTo(warmup) < 0)) {
			throw new IllegalArgumentException("--steady " + given.steady + " needs a --warmup window (was " + warmup
					+ ") no longer than --warmup-max (was " + warmupMax + "); --steady 0 turns it off");
		}
		int users = (given.users != null) ? integer("--users", value("--users", given.users), 1, 4096) : 32;
		Duration ramp = (given.ramp != null) ? LoadSettings.duration(value("--ramp", given.ramp))
				: Duration.ofSeconds(5);
		double rps = (given.rps != null) ? Double.parseDouble(value("--rps", given.rps)) : 0;
		double webCpus = (given.webCpus != null) ? cpus(value("--web-cpus", given.webCpus)) : 0;
		if (webCpus > 0 && !target.equals("swarm")) {
			throw new IllegalArgumentException("--web-cpus limits the Swarm's web tasks: use it with --target swarm");
		}
		int port = (given.port != null) ? integer("--port", value("--port", given.port), 1, 65535) : 8080;
		String tasks = (given.tasks != null) ? value("--tasks", given.tasks) : "digits,fashion";
		String environmentHome = System.getenv("DEEPDOCK_HOME");
		Path home = (given.home != null) ? Path.of(value("--home", given.home))
				: (environmentHome != null && !environmentHome.isBlank()) ? Path.of(environmentHome)
						: root.resolve(".deepdock");
		Path out = (given.out != null) ? Path.of(value("--out", given.out)) : root.resolve("target/loadtest");
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException("--duration must be positive");
		}
		return new LoadtestOptions(scenario, web, target, duration, warmup, steady, warmupMax, users, ramp, rps,
				webCpus, port, tasks, home.toAbsolutePath(), out.toAbsolutePath());
	}

	/** picocli's complaint in the words the usage uses. */
	private static String describe(ParameterException ex) {
		if (ex instanceof UnmatchedArgumentException unmatched) {
			return "unknown option '" + unmatched.getUnmatched().get(0).replaceFirst("=.*", "") + "' for 'loadtest'";
		}
		if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
				&& missing.getMissing().get(0) instanceof OptionSpec option) {
			return option.longestName() + " needs a value";
		}
		return ex.getMessage();
	}

	/**
	 * The words of {@code ./deepdock loadtest}; every value is read as text and checked
	 * above, so each mistake names its option in the usage's words.
	 */
	@Command(name = "loadtest")
	static final class Arguments {

		@Option(names = "--scenario")
		String scenario;

		@Option(names = "--web")
		String web;

		@Option(names = "--target")
		String target;

		@Option(names = "--duration")
		String duration;

		@Option(names = "--warmup")
		String warmup;

		@Option(names = "--steady")
		String steady;

		@Option(names = "--warmup-max")
		String warmupMax;

		@Option(names = "--users")
		String users;

		@Option(names = "--ramp")
		String ramp;

		@Option(names = "--rps")
		String rps;

		@Option(names = "--web-cpus")
		String webCpus;

		@Option(names = "--port")
		String port;

		@Option(names = "--tasks")
		String tasks;

		@Option(names = "--home")
		String home;

		@Option(names = "--out")
		String out;

		@Option(names = { "-h", "--help" })
		boolean help;

		@Parameters
		List<String> words = new ArrayList<>();

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

	/** {@code 0.5}: a CPU limit Docker takes (0.01 to 64 CPUs). */
	private static double cpus(String value) {
		double cpus;
		try {
			cpus = Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--web-cpus needs a number of CPUs such as 0.5, not '" + value + "'");
		}
		if (!(cpus >= 0.01 && cpus <= 64)) {
			throw new IllegalArgumentException("--web-cpus must be between 0.01 and 64, not " + value);
		}
		return cpus;
	}

	/** {@code --steady}: a percentage from 0 (off) to 50, with or without {@code %}. */
	private static double percent(String value) {
		double percent;
		try {
			percent = Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--steady needs a percentage such as 5, not '" + value + "'");
		}
		if (!(percent >= 0 && percent <= 50)) {
			throw new IllegalArgumentException("--steady must be between 0 and 50 (%), not " + value);
		}
		return percent;
	}

	private static String value(String option, String value) {
		if (value.isEmpty() || value.startsWith("--")) {
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
