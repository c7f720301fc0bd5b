package io.deepdock.core.ml.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits of a {@link BatchingEngine}, validated when built (start-up fails with the field
 * named, instead of a server that misbehaves under load).
 *
 * @param maxBatchSize most requests in one forward pass, 1..1024
 * @param maxDelay longest a request waits for others to join its batch, 0..1 s (0 = never
 * wait)
 * @param queueCapacity requests that may wait; one more is refused with
 * {@link EngineOverloadedException}, 1..100000
 * @param workers threads running forward passes, 1..16 (1 is right for 2 cores: ND4J
 * already uses both)
 */
public record EngineSettings(int maxBatchSize, Duration maxDelay, int queueCapacity, int workers) {

	/**
	 * 32 per batch, 5 ms, 1024 waiting, one worker: measured best on 2 cores
	 * (docs/models.md).
	 */
	public static final EngineSettings DEFAULTS = new EngineSettings(32, Duration.ofMillis(5), 1024, 1);

	public EngineSettings {
		List<String> errors = new ArrayList<>();
		if (maxBatchSize < 1 || maxBatchSize > 1024) {
			errors.add("maxBatchSize must be between 1 and 1024, was " + maxBatchSize);
		}
		if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
			errors.add("maxDelay must be between 0 and 1s, was " + maxDelay);
		}
		if (queueCapacity < 1 || queueCapacity > 100_000) {
			errors.add("queueCapacity must be between 1 and 100000, was " + queueCapacity);
		}
		if (workers < 1 || workers > 16) {
			errors.add("workers must be between 1 and 16, was " + workers);
		}
		if (!errors.isEmpty()) {
			throw new IllegalArgumentException("invalid engine settings: " + String.join("; ", errors));
		}
	}

}
