package io.deepdock.launcher.processes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.layout.PrivateFiles;

/**
 * A child process whose output goes straight to its log file, so the log outlives the
 * launcher. It runs in a session of its own: Ctrl-C in the terminal reaches only the
 * launcher, which then stops the children in order.
 */
public final class ManagedProcess {

	private static final String SETSID = findSetsid();

	private final String name;

	private final Path log;

	private final Process process;

	private ManagedProcess(String name, Path log, Process process) {
		this.name = name;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts a process; the previous log, if any, is kept as {@code <log>.1}.
	 */
	public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log,
			Path workingDirectory) {
		try {
			Files.createDirectories(log.getParent());
			if (Files.exists(log)) {
				Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
			}
			// a service may log what is not for other users: owner-only from the start
			PrivateFiles.create(log);
			List<String> fullCommand = new ArrayList<>();
			if (SETSID != null) {
				fullCommand.add(SETSID);
			}
			fullCommand.addAll(command);
			ProcessBuilder builder = new ProcessBuilder(fullCommand).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().putAll(environment);
			return new ManagedProcess(name, log, builder.start());
		}
		catch (IOException ex) {
			throw new DeepdockException(
					"could not start " + name + " (" + String.join(" ", command) + "): " + ex.getMessage(), ex);
		}
	}

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public int exitValue() {
		return this.process.exitValue();
	}

	/** The pids of its live child processes (nginx's workers, say). */
	public Set<Long> children() {
		return this.process.children()
			.filter(ProcessHandle::isAlive)
			.map(ProcessHandle::pid)
			.collect(Collectors.toSet());
	}

	/** Asks the process to stop (SIGTERM): Spring Boot shuts down gracefully. */
	public void requestStop() {
		this.process.destroy();
	}

	/**
	 * Waits for the process to end after {@link #requestStop()}, killing it when it takes
	 * longer than {@code grace}.
	 * @return whether it stopped within the grace period
	 */
	public boolean awaitStop(Duration grace) {
		try {
			if (this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return false;
		}
	}

	private static String findSetsid() {
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "setsid");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

}
