package io.deepdock.launcher.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.deepdock.launcher.layout.PrivateFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link RunState}. A write goes to a temporary file first and is moved
 * into place, so a reader never sees half a file.
 */
public final class StateFile {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path path;

	public StateFile(Path path) {
		this.path = path;
	}

	public Path path() {
		return this.path;
	}

	public void write(RunState state) {
		try {
			// owner-only from the start, like everything under run/
			PrivateFiles.write(this.path, JSON.writeValueAsString(state) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + this.path, ex);
		}
	}

	/** The state, or empty when there is no file or it cannot be read. */
	public Optional<RunState> read() {
		if (!Files.isRegularFile(this.path)) {
			return Optional.empty();
		}
		try {
			return Optional.of(JSON.readValue(Files.readString(this.path), RunState.class));
		}
		catch (IOException | JacksonException ex) {
			return Optional.empty();
		}
	}

	public void delete() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			// a stale file is harmless: the lock, not the file, says whether a launcher
			// runs
		}
	}

}
