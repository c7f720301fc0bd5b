package io.deepdock.launcher.up;

import java.time.Duration;
import java.time.Instant;

/**
 * When to restart a service that died, as Swarm's {@code restart_policy} would: after
 * {@code first}, doubling with each restart in a row up to {@code max}. A service that
 * stayed healthy for {@code stable} before it died starts the sequence again. Written by
 * hand: the launcher has no retry library on its class path, and this is a dozen lines.
 */
final class RestartPolicy {

	static final Duration FIRST = Duration.ofSeconds(1);

	static final Duration MAX = Duration.ofSeconds(30);

	static final Duration STABLE = Duration.ofSeconds(60);

	private final Duration first;

	private final Duration max;

	private final Duration stable;

	/** Restarts in a row, without a stable spell in between. */
	private int restarts;

	private Instant healthySince;

	RestartPolicy() {
		this(FIRST, MAX, STABLE);
	}

	RestartPolicy(Duration first, Duration max, Duration stable) {
		this.first = first;
		this.max = max;
		this.stable = stable;
	}

	/**
	 * The service was found dead at {@code now}.
	 * @return how long to wait before restarting it
	 */
	Duration exited(Instant now) {
		if (this.healthySince != null && !Duration.between(this.healthySince, now).minus(this.stable).isNegative()) {
			this.restarts = 0;
		}
		this.healthySince = null;
		Duration delay = this.first;
		for (int i = 0; i < this.restarts && delay.compareTo(this.max) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		this.restarts++;
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

	/** The restarted service answered healthy at {@code now}. */
	void healthy(Instant now) {
		if (this.healthySince == null) {
			this.healthySince = now;
		}
	}

	/**
	 * The number of the restart that {@link #exited} last scheduled (1 for the first).
	 */
	int restarts() {
		return this.restarts;
	}

}
