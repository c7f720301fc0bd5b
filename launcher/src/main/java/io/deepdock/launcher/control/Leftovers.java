package io.deepdock.launcher.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.deepdock.launcher.state.RunState;

/**
 * What a launcher that died (killed, out of memory) left running: its services, nginx and
 * the embedded PostgreSQL run in sessions of their own and outlive it. They are found
 * through the state file and recognised by their command line, so that a recycled pid is
 * never signalled.
 */
public final class Leftovers {

	private Leftovers() {
	}

	/**
	 * Stops them in the launcher's order: services, nginx, then PostgreSQL.
	 * @return what was stopped, e.g. {@code webapp-1 (pid 123)}
	 */
	public static List<String> stop(RunState state) {
		List<String> stopped = new ArrayList<>();
		List<ProcessHandle> signalled = new ArrayList<>();
		for (RunState.Service service : state.services()) {
			find(service.pid()).ifPresent((process) -> {
				process.destroy();
				signalled.add(process);
				stopped.add(service.name() + " (pid " + service.pid() + ")");
			});
		}
		signalled.forEach((process) -> awaitOrKill(process, Duration.ofSeconds(30)));
		if (state.nginx() != null) {
			find(state.nginx().pid()).ifPresent((process) -> {
				process.destroy();
				awaitOrKill(process, Duration.ofSeconds(10));
				stopped.add("nginx (pid " + state.nginx().pid() + ")");
			});
		}
		if (state.infrastructure() != null && state.infrastructure().postgresPid() > 0) {
			find(state.infrastructure().postgresPid()).ifPresent((process) -> {
				// SIGTERM: a smart shutdown, and its clients are gone by now
				process.destroy();
				awaitOrKill(process, Duration.ofSeconds(30));
				stopped.add("PostgreSQL (pid " + state.infrastructure().postgresPid() + ")");
			});
		}
		return stopped;
	}

	/**
	 * The process when it is alive and is a deepdock service JVM, nginx or PostgreSQL.
	 */
	static Optional<ProcessHandle> find(long pid) {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Leftovers::isOurs);
	}

	static boolean isOurs(ProcessHandle process) {
		String commandLine = process.info().commandLine().orElse(process.info().command().orElse(""));
		return commandLine.contains("deepdock") || commandLine.contains("nginx") || commandLine.contains("postgres");
	}

	private static void awaitOrKill(ProcessHandle process, Duration grace) {
		try {
			process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

}
