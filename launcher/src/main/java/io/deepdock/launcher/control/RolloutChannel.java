package io.deepdock.launcher.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How {@code ./deepdock rollout} talks to the running launcher, which owns the processes
 * and nginx: through files in the state directory's {@code run/}. The command drops a
 * request; the launcher takes it, appends its progress to a log and ends with a result.
 *
 * <pre>
 * run/rollout.request        "ID ROLE", written by the command, taken by the launcher
 * run/rollout-ID.log         progress, one line per step, appended by the launcher
 * run/rollout-ID.result      "OK" or "FAILED: why", written last
 * </pre>
 */
public final class RolloutChannel {

	public static final String OK = "OK";

	private final Path run;

	public RolloutChannel(Path run) {
		this.run = run;
	}

	/**
	 * @param id names the log and the result
	 * @param role what to roll out
	 */
	public record Request(String id, String role) {
	}

	Path requestFile() {
		return this.run.resolve("rollout.request");
	}

	public Path log(String id) {
		return this.run.resolve("rollout-" + id + ".log");
	}

	Path resultFile(String id) {
		return this.run.resolve("rollout-" + id + ".result");
	}

	/**
	 * Drops a request for the launcher.
	 * @return the request, or empty when another one waits already
	 */
	Optional<Request> submit(String role) {
		Request request = new Request(UUID.randomUUID().toString().substring(0, 8), role);
		try {
			Files.createDirectories(this.run);
			Path temporary = this.run.resolve("rollout.request." + request.id());
			Files.writeString(temporary, request.id() + " " + request.role() + "\n");
			if (Files.exists(requestFile())) {
				Files.delete(temporary);
				return Optional.empty();
			}
			move(temporary, requestFile());
			return Optional.of(request);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write a rollout request in " + this.run, ex);
		}
	}

	/** The waiting request, removed so that it runs once; empty when there is none. */
	public Optional<Request> take() {
		try {
			List<String> words = List.of(Files.readString(requestFile()).trim().split("\\s+"));
			Files.deleteIfExists(requestFile());
			if (words.size() != 2) {
				return Optional.empty();
			}
			return Optional.of(new Request(words.get(0), words.get(1)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + requestFile(), ex);
		}
	}

	/** Adds a line of progress. */
	public void progress(String id, String line) {
		try {
			Files.writeString(log(id), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + log(id), ex);
		}
	}

	/** Ends a rollout: {@link #OK}, or why it failed. */
	public void finish(String id, String result) {
		try {
			Path temporary = this.run.resolve("rollout-" + id + ".result.tmp");
			Files.writeString(temporary, result + "\n");
			move(temporary, resultFile(id));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + resultFile(id), ex);
		}
	}

	/** The result, once there is one. */
	Optional<String> result(String id) {
		try {
			return Optional.of(Files.readString(resultFile(id)).strip());
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + resultFile(id), ex);
		}
	}

	/** Removes what a finished rollout left. */
	void clean(String id) {
		try {
			Files.deleteIfExists(log(id));
			Files.deleteIfExists(resultFile(id));
		}
		catch (IOException ex) {
			// leftovers in run/ are harmless
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to);
		}
	}

}
