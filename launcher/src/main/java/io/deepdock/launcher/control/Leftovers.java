package io.deepdock.launcher.control;

import java.util.Optional;

/**
 * Recognises the processes that a launcher started, so that a recycled pid is never
 * signalled.
 */
final class Leftovers {

	private Leftovers() {
	}

	/** The process when it is alive and is a deepdock service JVM or nginx. */
	static Optional<ProcessHandle> find(long pid) {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Leftovers::isOurs);
	}

	static boolean isOurs(ProcessHandle process) {
		String commandLine = process.info().commandLine().orElse(process.info().command().orElse(""));
		return commandLine.contains("deepdock") || commandLine.contains("nginx");
	}

}
