package io.deepdock.worker.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.ml.training.CheckpointStore;

/**
 * Checkpoints in media storage ({@code checkpoints/<key>.bin}), so that any worker
 * replica can resume a job that another one started. Each save replaces the previous
 * checkpoint atomically.
 */
class MediaCheckpointStore implements CheckpointStore {

	private final MediaStorage media;

	MediaCheckpointStore(MediaStorage media) {
		this.media = media;
	}

	private static String path(String key) {
		if (!key.matches("[a-z0-9-]{1,80}")) {
			throw new IllegalArgumentException("invalid checkpoint key " + key);
		}
		return "checkpoints/" + key + ".bin";
	}

	@Override
	public void save(String key, byte[] checkpoint) throws IOException {
		this.media.writeAt(path(key), (out) -> out.write(checkpoint));
	}

	@Override
	public Optional<byte[]> load(String key) throws IOException {
		String path = path(key);
		if (!this.media.exists(path)) {
			return Optional.empty();
		}
		try (InputStream in = this.media.open(path)) {
			return Optional.of(in.readAllBytes());
		}
	}

	@Override
	public void delete(String key) throws IOException {
		this.media.delete(path(key));
	}

}
