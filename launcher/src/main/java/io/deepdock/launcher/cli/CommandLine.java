package io.deepdock.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepdock.launcher.processes.ServiceRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses {@code ./deepdock} arguments with picocli: one annotated class per command,
 * which turns its options into an {@link Invocation}. Every mistake is a
 * {@link UsageException} whose message names the offending argument, in the words
 * {@link #USAGE} uses (picocli's own messages are translated; the usage text stays
 * hand-written because it also documents the commands that the {@code deepdock} script
 * runs itself: bench, loadtest, swarm).
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
			    --steady 5       warm up in --warmup windows until two in a row are within 5 % (0: one window)
			    --web-cpus C     swarm: limit each web task to C CPUs for the run (docker service update --limit-cpu)
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
		if (args.length == 0) {
			throw new UsageException("no command given");
		}
		picocli.CommandLine parser = new picocli.CommandLine(new Root())
			// as before picocli: the last of a repeated option wins, and @file is a plain
			// word
			.setOverwrittenOptionsAllowed(true)
			.setExpandAtFiles(false);
		// train hands its task and options on to the worker, which parses them itself
		parser.getSubcommands().get("train").setUnmatchedOptionsArePositionalParams(true);
		ParseResult result;
		try {
			result = parser.parseArgs(args);
		}
		catch (ParameterException ex) {
			throw translate(ex);
		}
		if (result.subcommand() == null) {
			if (((Root) result.commandSpec().userObject()).help) {
				return new Invocation.Help();
			}
			throw new UsageException("no command given");
		}
		return ((Subcommand) result.subcommand().commandSpec().userObject()).invocation();
	}

	/**
	 * picocli's complaint in this launcher's words: which argument, and what is wrong.
	 */
	private static UsageException translate(ParameterException ex) {
		String command = ex.getCommandLine().getCommandName();
		if (ex instanceof UnmatchedArgumentException unmatched) {
			String word = unmatched.getUnmatched().get(0);
			if (ex.getCommandLine().getCommandSpec().userObject() instanceof Root) {
				return new UsageException("unknown command '" + word + "'");
			}
			return unknownOption(command, word.contains("=") ? word.substring(0, word.indexOf('=')) : word);
		}
		ArgSpec arg = ex.getArgSpec();
		if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
			arg = missing.getMissing().get(0);
		}
		if (arg instanceof OptionSpec option) {
			if (ex instanceof MissingParameterException || ex.getValue() == null || ex.getValue().isEmpty()) {
				return new UsageException(option.longestName() + " needs a value");
			}
			return new UsageException(option.longestName() + " needs a whole number, not '" + ex.getValue() + "'");
		}
		return new UsageException(command + ": " + ex.getMessage());
	}

	private static UsageException unknownOption(String command, String option) {
		return new UsageException("unknown option '" + option + "' for '" + command + "'");
	}

	private static int within(String option, int number, int min, int max) {
		if (number < min || number > max) {
			throw new UsageException(option + " must be between " + min + " and " + max + ", not " + number);
		}
		return number;
	}

	/** {@code --home DIR}, the state directory; every command takes it. */
	static class HomeOption {

		@Option(names = "--home", paramLabel = "DIR")
		String home;

		Path home() {
			if (this.home == null) {
				return null;
			}
			if (this.home.isEmpty() || (this.home.startsWith("--") && this.home.length() > 2)) {
				throw new UsageException("--home needs a value");
			}
			return Path.of(this.home);
		}

	}

	/** A command, once parsed: what it asks for. */
	interface Subcommand {

		Invocation invocation();

	}

	@Command(name = "deepdock",
			subcommands = { Up.class, Train.class, Rollout.class, Down.class, Status.class, Logs.class, Help.class })
	static class Root {

		@Option(names = { "-h", "--help" })
		boolean help;

	}

	@Command(name = "up")
	static class Up extends HomeOption implements Subcommand {

		@Option(names = "--web", paramLabel = "N")
		int web = DEFAULT_WEB;

		@Option(names = "--workers", paramLabel = "M")
		int workers = DEFAULT_WORKERS;

		@Option(names = "--port", paramLabel = "P")
		int port = DEFAULT_PORT;

		@Option(names = "--no-nginx")
		boolean noNginx;

		@Option(names = "--timeout", paramLabel = "S")
		Integer timeout;

		@Override
		public Invocation invocation() {
			return new Invocation.Up(home(), within("--web", this.web, 1, MAX_REPLICAS),
					within("--workers", this.workers, 0, MAX_REPLICAS), within("--port", this.port, 1, 65535),
					!this.noNginx,
					(this.timeout == null) ? null : Duration.ofSeconds(within("--timeout", this.timeout, 1, 3600)));
		}

	}

	@Command(name = "train")
	static class Train extends HomeOption implements Subcommand {

		@Parameters(paramLabel = "TASK [OPTIONS]")
		List<String> arguments = new ArrayList<>();

		@Override
		public Invocation invocation() {
			if (this.arguments.isEmpty() || this.arguments.get(0).startsWith("--")) {
				throw new UsageException("train needs a task: ./deepdock train digits [--epochs N ...]");
			}
			return new Invocation.Train(home(), List.copyOf(this.arguments));
		}

	}

	@Command(name = "rollout")
	static class Rollout extends HomeOption implements Subcommand {

		@Option(names = "--timeout", paramLabel = "S")
		int timeout = (int) DEFAULT_ROLLOUT_TIMEOUT.toSeconds();

		@Parameters(paramLabel = "SERVICE")
		List<String> roles = new ArrayList<>();

		@Override
		public Invocation invocation() {
			if (this.roles.isEmpty()) {
				throw new UsageException("rollout needs a service: ./deepdock rollout webapp");
			}
			if (this.roles.size() > 1) {
				throw new UsageException(
						"rollout takes one service, not '" + this.roles.get(0) + "' and '" + this.roles.get(1) + "'");
			}
			String role = this.roles.get(0);
			if (!role.equals(ServiceRole.WEBAPP.id())) {
				throw new UsageException("rollout can replace webapp replicas only, not '" + role
						+ "' (workers hand their jobs back on a plain restart)");
			}
			return new Invocation.Rollout(home(), role, Duration.ofSeconds(within("--timeout", this.timeout, 1, 7200)));
		}

	}

	@Command(name = "down")
	static class Down extends HomeOption implements Subcommand {

		@Override
		public Invocation invocation() {
			return new Invocation.Down(home());
		}

	}

	@Command(name = "status")
	static class Status extends HomeOption implements Subcommand {

		@Override
		public Invocation invocation() {
			return new Invocation.Status(home());
		}

	}

	@Command(name = "logs")
	static class Logs extends HomeOption implements Subcommand {

		@Option(names = { "-f", "--follow" })
		boolean follow;

		@Parameters(paramLabel = "SERVICE")
		List<String> services = new ArrayList<>();

		@Override
		public Invocation invocation() {
			if (this.services.isEmpty()) {
				throw new UsageException("logs needs a service: ./deepdock logs webapp-1 [-f]");
			}
			if (this.services.size() > 1) {
				throw new UsageException("logs takes one service, not '" + this.services.get(0) + "' and '"
						+ this.services.get(1) + "'");
			}
			String service = this.services.get(0);
			if (!service.matches("[a-z][a-z0-9-]{0,40}")) {
				throw new UsageException("'" + service + "' is not a service name (see ./deepdock status)");
			}
			return new Invocation.Logs(home(), service, this.follow);
		}

	}

	/** {@code help}, whatever follows it. */
	@Command(name = "help")
	static class Help implements Subcommand {

		@picocli.CommandLine.Unmatched
		List<String> ignored = new ArrayList<>();

		@Override
		public Invocation invocation() {
			return new Invocation.Help();
		}

	}

}
