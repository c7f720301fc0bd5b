package io.deepdock.launcher.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.infrastructure.Endpoints;
import io.deepdock.launcher.infrastructure.Infrastructure;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.processes.JvmOptions;
import io.deepdock.launcher.processes.ServiceRole;
import io.deepdock.launcher.sources.DataSources;
import io.deepdock.launcher.state.InstanceLock;

/**
 * {@code ./deepdock train TASK ...}: trains in the foreground, without the web. It holds
 * the state directory (so no platform starts meanwhile), starts the same infrastructure
 * {@code up} would (embedded, or the one the environment names), and runs the worker's
 * {@code train} command with the same variables as a worker replica, its output on this
 * console. The version it registers is there when the platform next starts.
 */
public final class TrainCommand {

	private final Layout layout;

	private final Map<String, String> environment;

	private final PrintStream console;

	public TrainCommand(Layout layout, Map<String, String> environment, PrintStream console) {
		this.layout = layout;
		this.environment = environment;
		this.console = console;
	}

	public int run(Invocation.Train train) {
		this.layout.createDirectories();
		Path jar = this.layout.jar(ServiceRole.WORKER.id());
		if (!Files.isRegularFile(jar)) {
			throw new DeepdockException(jar + " is missing: build it with ./mvnw -B package -DskipTests");
		}
		Optional<InstanceLock> lock = InstanceLock.tryAcquire(this.layout.lockFile());
		if (lock.isEmpty()) {
			throw new DeepdockException("deepdock is running from " + this.layout.home() + ": train through it "
					+ "(POST /api/v1/jobs with {\"type\":\"TRAIN\",\"task\":...}), or stop it first with ./deepdock down.");
		}
		try (InstanceLock held = lock.get();
				Infrastructure infrastructure = Infrastructure.start(this.layout, this.environment)) {
			DataSources sources = new DataSources(this.environment);
			Path mnist = sources.mnist(this.layout.sources());
			Path fashion = sources.fashion();
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(JvmOptions.of(ServiceRole.WORKER, Runtime.version(), this.environment, javacppCache()));
			command.add("-jar");
			command.add(jar.toString());
			command.add("train");
			command.addAll(absoluteFiles(train.arguments()));
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.layout.repository().toFile())
				.inheritIO();
			builder.environment().putAll(environment(infrastructure.endpoints(), mnist, fashion));
			Process process = builder.start();
			try {
				return process.waitFor();
			}
			catch (InterruptedException ex) {
				process.destroy();
				Thread.currentThread().interrupt();
				return 130;
			}
		}
		catch (IOException ex) {
			throw new DeepdockException("could not run the training: " + ex.getMessage());
		}
	}

	/**
	 * The trainer runs in the repository's directory: a {@code --csv} file named relative
	 * to where the user typed the command is made absolute first.
	 */
	static List<String> absoluteFiles(List<String> arguments) {
		List<String> resolved = new ArrayList<>(arguments.size());
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (argument.equals("--csv") && i + 1 < arguments.size()) {
				resolved.add(argument);
				resolved.add(Path.of(arguments.get(++i)).toAbsolutePath().toString());
			}
			else if (argument.startsWith("--csv=")) {
				resolved.add("--csv=" + Path.of(argument.substring("--csv=".length())).toAbsolutePath());
			}
			else {
				resolved.add(argument);
			}
		}
		return resolved;
	}

	/**
	 * What a worker replica gets, minus the web port: the trainer shares the platform's
	 * database and media.
	 */
	Map<String, String> environment(Endpoints endpoints, Path mnist, Path fashion) {
		return Map.of("DEEPDOCK_DB_URL", endpoints.jdbcUrl(), "DEEPDOCK_DB_USER", endpoints.user(),
				"DEEPDOCK_DB_PASSWORD", endpoints.password(), "DEEPDOCK_AMQP_URI", endpoints.amqpUri(),
				"DEEPDOCK_MEDIA_DIR", this.layout.media().toString(), "DEEPDOCK_REPLICA", "train-command",
				"DEEPDOCK_SOURCES_MNIST_DIR", mnist.toString(), "DEEPDOCK_SOURCES_FASHION_DIR", fashion.toString());
	}

	private Path javacppCache() {
		String configured = this.environment.get("DEEPDOCK_JAVACPP_CACHE");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
	}

}
