package io.deepdock.core.ml.training;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where a training keeps its per-epoch checkpoint, as opaque bytes under a key (e.g. the
 * job id). Media storage implements it for the worker; {@link #inMemory()} and
 * {@link #directory(Path)} serve tests and the CLI. Implementations must replace a key's
 * bytes atomically: a crash mid-save leaves the previous checkpoint.
 */
public interface CheckpointStore {

	void save(String key, byte[] checkpoint) throws IOException;

	Optional<byte[]> load(String key) throws IOException;

	void delete(String key) throws IOException;

	/** Keeps nothing: a training that uses it cannot resume. */
	CheckpointStore NONE = new CheckpointStore() {
		@Override
		public void save(String key, byte[] checkpoint) {
		}

		@Override
		public Optional<byte[]> load(String key) {
			return Optional.empty();
		}

		@Override
		public void delete(String key) {
		}
	};

	static CheckpointStore inMemory() {
		Map<String, byte[]> map = new ConcurrentHashMap<>();
		return new CheckpointStore() {
			@Override
			public void save(String key, byte[] checkpoint) {
				map.put(key, checkpoint.clone());
			}

			@Override
			public Optional<byte[]> load(String key) {
				return Optional.ofNullable(map.get(key)).map(byte[]::clone);
			}

			@Override
			public void delete(String key) {
				map.remove(key);
			}
		};
	}

	/**
	 * One file per key in {@code directory}, written to a temporary name and moved into
	 * place.
	 */
	static CheckpointStore directory(Path directory) {
		Pattern safe = Pattern.compile("[A-Za-z0-9._-]{1,100}");
		return new CheckpointStore() {
			private Path file(String key) {
				if (!safe.matcher(key).matches() || key.startsWith(".")) {
					throw new IllegalArgumentException("checkpoint key must match " + safe + ": " + key);
				}
				return directory.resolve(key + ".ckpt");
			}

			@Override
			public void save(String key, byte[] checkpoint) throws IOException {
				Files.createDirectories(directory);
				Path target = file(key);
				Path temporary = Files.createTempFile(directory, ".ckpt-", ".tmp");
				try {
					Files.write(temporary, checkpoint);
					try {
						Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
								StandardCopyOption.REPLACE_EXISTING);
					}
					catch (AtomicMoveNotSupportedException ex) {
						Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
					}
				}
				finally {
					Files.deleteIfExists(temporary);
				}
			}

			@Override
			public Optional<byte[]> load(String key) throws IOException {
				Path file = file(key);
				return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
			}

			@Override
			public void delete(String key) throws IOException {
				Files.deleteIfExists(file(key));
			}
		};
	}

}
