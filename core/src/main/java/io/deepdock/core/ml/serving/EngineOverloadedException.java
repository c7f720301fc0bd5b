package io.deepdock.core.ml.serving;

import java.time.Duration;

/**
 * The request queue is full: answer 503 with {@code Retry-After: retryAfter} rather than
 * queue without bound.
 */
public class EngineOverloadedException extends RuntimeException {

	private final Duration retryAfter;

	public EngineOverloadedException(String engine, int capacity, Duration retryAfter) {
		super("%s: %d requests are already waiting; retry after %d s".formatted(engine, capacity,
				Math.max(1, retryAfter.toSeconds())));
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
