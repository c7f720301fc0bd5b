package io.deepdock.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.deepdock.launcher.processes.ServiceRole;

/**
 * Parses {@code ./deepdock} arguments. Every mistake is a {@link UsageException} whose
 * message names the offending argument.
 */
public final class CommandLine {

	public static final int DEFAULT_WEB = ServiceRole.WEBAPP.localReplicas();

	public static final int DEFAULT_WORKERS = ServiceRole.WORKER.localReplicas();

	public static final int DEFAULT_PORT = 8080;

	static final int MAX_REPLICAS = 16;

	static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofSeconds(600);

	public static final String USAGE = """
			usage: ./deepdock <command> [options]

			commands:
			  up       start the platform on 127.0.0.1 and wait until it is healthy (Ctrl-C stops it)
			    --web N          webapp replicas (default 2)
			    --workers M      worker replicas (default 1)
			    --port P         the port to serve on (default 8080)
			    --no-nginx       do not put nginx in front, even when it is installed
			    --timeout S      seconds to wait for every service to become ready (default 180)
			  train    train a model in the foreground, print each epoch, register the version
			    TASK             digits, fashion, or toxicity (needs --csv or --dataset)
			    --epochs N  --architecture small|lenet|standard|bow  --batch-size N  --learning-rate X
			    --seed N  --augmentation true|false  --patience N  --validation-fraction X  --limit N
			    --dataset ID     train on this dataset (default: the task's built-in one, imported if missing)
			    --csv FILE       toxicity: import this Jigsaw-format CSV first and train on it
			  rollout  replace the running platform's web replicas one at a time, without a failed request
			    webapp           what to roll out (the only choice)
			    --timeout S      seconds to wait for the whole rollout (default 600)
			  bench    measure training img/s, latency, batch throughput and peak RSS against PyTorch
			    --builtin        also with DL4J's oneDNN helpers off;  --levers  one run per speed lever
			    --help           every option (the benchmark is bench/target/deepdock-bench.jar)
			  loadtest the same JMeter scenario at each web replica count, then target/loadtest/report.md
			           (table, chart, JMeter HTML reports, bottleneck per step, a multi-node projection)
			    --scenario S     browse, predict-image (default), predict-text or mixed
			    --web 1,2,4      the web replica counts (default 1,2)
			    --target T       local (default: ./deepdock up --web N each time) or swarm (docker service scale)
			    --duration 60s   the load held at each count (also --warmup, --users, --ramp, --rps, --port)
			    --help           every option (run by ./deepdock itself from the loadtests module)
			  down     stop the platform that runs from the state directory
			  status   list its processes, ports and health
			  logs     print one service's whole log (up shows only warnings and errors)
			    SERVICE          webapp-1, worker-1, scheduler, nginx, ... (as status lists them)
			    -f, --follow     keep printing what it appends, until Ctrl-C
			  swarm    the same platform on Docker Swarm, from stack.yml (run by ./deepdock
			           itself, swarm/swarm.sh; as root it installs and starts the Docker engine when missing)
			    up [--web N] [--workers M] [--port P] [--timeout S]   build, deploy, wait until healthy
			       [--nodes N]   a Swarm of N nodes on this host (containers running their own dockerd;
			                     default 1: the engine itself); --web defaults to N, one per node
			    status           services, replicas and each task's health
			    scale SERVICE=N  e.g. swarm scale webapp=3
			    down [--volumes] remove the stack (and its data); stop the engine that up started
			  help     show this text

			options for every command:
			  --home DIR         state directory (default ./.deepdock, or $DEEPDOCK_HOME)
			""";

	private CommandLine() {
	}

	public static Invocation parse(String... args) {
		Deque<String> rest = new ArrayDeque<>();
		for (String arg : args) {
			// --name=value is the same as --name value
			if (arg.startsWith("--") && arg.contains("=")) {
				rest.add(arg.substring(0, arg.indexOf('=')));
				rest.add(arg.substring(arg.indexOf('=') + 1));
			}
			else {
				rest.add(arg);
			}
		}
		if (rest.isEmpty()) {
			throw new UsageException("no command given");
		}
		String command = rest.poll();
		return switch (command) {
			case "up" -> up(rest);
			case "train" -> train(rest);
			case "rollout" -> rollout(rest);
			case "down" -> new Invocation.Down(homeOnly(command, rest));
			case "status" -> new Invocation.Status(homeOnly(command, rest));
			case "logs" -> logs(rest);
			case "help", "--help", "-h" -> new Invocation.Help();
			default -> throw new UsageException("unknown command '" + command + "'");
		};
	}

	private static Invocation.Logs logs(Deque<String> rest) {
		Path home = null;
		String service = null;
		boolean follow = false;
		while (!rest.isEmpty()) {
			String word = rest.poll();
			switch (word) {
				case "--home" -> home = Path.of(value(word, rest));
				case "-f", "--follow" -> follow = true;
				default -> {
					if (word.startsWith("-")) {
						throw unknownOption("logs", word);
					}
					if (service != null) {
						throw new UsageException("logs takes one service, not '" + service + "' and '" + word + "'");
					}
					if (!word.matches("[a-z][a-z0-9-]{0,40}")) {
						throw new UsageException("'" + word + "' is not a service name (see ./deepdock status)");
					}
					service = word;
				}
			}
		}
		if (service == null) {
			throw new UsageException("logs needs a service: ./deepdock logs webapp-1 [-f]");
		}
		return new Invocation.Logs(home, service, follow);
	}

	private static Invocation.Train train(Deque<String> rest) {
		Path home = null;
		java.util.List<String> arguments = new java.util.ArrayList<>();
		while (!rest.isEmpty()) {
			String word = rest.poll();
			if (word.equals("--home")) {
				home = Path.of(value(word, rest));
			}
			else {
				arguments.add(word);
			}
		}
		if (arguments.isEmpty() || arguments.get(0).startsWith("--")) {
			throw new UsageException("train needs a task: ./deepdock train digits [--epochs N ...]");
		}
		return new Invocation.Train(home, java.util.List.copyOf(arguments));
	}

	private static Invocation.Rollout rollout(Deque<String> rest) {
		Path home = null;
		String role = null;
		Duration timeout = DEFAULT_ROLLOUT_TIMEOUT;
		while (!rest.isEmpty()) {
			String word = rest.poll();
			switch (word) {
				case "--home" -> home = Path.of(value(word, rest));
				case "--timeout" -> timeout = Duration.ofSeconds(integer(word, rest, 1, 7200));
				default -> {
					if (word.startsWith("--")) {
						throw unknownOption("rollout", word);
					}
					if (role != null) {
						throw new UsageException("rollout takes one service, not '" + role + "' and '" + word + "'");
					}
					role = word;
				}
			}
		}
		if (role == null) {
			throw new UsageException("rollout needs a service: ./deepdock rollout webapp");
		}
		if (!role.equals(ServiceRole.WEBAPP.id())) {
			throw new UsageException("rollout can replace webapp replicas only, not '" + role
					+ "' (workers hand their jobs back on a plain restart)");
		}
		return new Invocation.Rollout(home, role, timeout);
	}

	private static Invocation.Up up(Deque<String> rest) {
		Path home = null;
		int web = DEFAULT_WEB;
		int workers = DEFAULT_WORKERS;
		int port = DEFAULT_PORT;
		boolean nginx = true;
		Duration timeout = null;
		while (!rest.isEmpty()) {
			String option = rest.poll();
			switch (option) {
				case "--web" -> web = integer(option, rest, 1, MAX_REPLICAS);
				case "--workers" -> workers = integer(option, rest, 0, MAX_REPLICAS);
				case "--port" -> port = integer(option, rest, 1, 65535);
				case "--no-nginx" -> nginx = false;
				case "--timeout" -> timeout = Duration.ofSeconds(integer(option, rest, 1, 3600));
				case "--home" -> home = Path.of(value(option, rest));
				default -> throw unknownOption("up", option);
			}
		}
		return new Invocation.Up(home, web, workers, port, nginx, timeout);
	}

	private static Path homeOnly(String command, Deque<String> rest) {
		Path home = null;
		while (!rest.isEmpty()) {
			String option = rest.poll();
			if (option.equals("--home")) {
				home = Path.of(value(option, rest));
			}
			else {
				throw unknownOption(command, option);
			}
		}
		return home;
	}

	private static UsageException unknownOption(String command, String option) {
		return new UsageException("unknown option '" + option + "' for '" + command + "'");
	}

	private static String value(String option, Deque<String> rest) {
		String value = rest.poll();
		if (value == null || value.isEmpty() || (value.startsWith("--") && value.length() > 2)) {
			throw new UsageException(option + " needs a value");
		}
		return value;
	}

	private static int integer(String option, Deque<String> rest, int min, int max) {
		String value = value(option, rest);
		int number;
		try {
			number = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new UsageException(option + " needs a whole number, not '" + value + "'");
		}
		if (number < min || number > max) {
			throw new UsageException(option + " must be between " + min + " and " + max + ", not " + number);
		}
		return number;
	}

}
