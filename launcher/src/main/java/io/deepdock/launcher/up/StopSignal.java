package io.deepdock.launcher.up;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM ({@code ./deepdock down}) and SIGHUP, turned into a request that the
 * main thread handles: it stops the services, then nginx, then the broker and PostgreSQL.
 * The JVM's shutdown hooks would run all at once, and the embedded PostgreSQL's own hook
 * would stop the database under services that still use it.
 */
final class StopSignal {

	private static final Logger log = LoggerFactory.getLogger(StopSignal.class);

	/** A repeat sooner than this is the same request, not an impatient user. */
	private static final Duration REPEAT_AFTER = Duration.ofSeconds(1);

	private final CountDownLatch requested = new CountDownLatch(1);

	private final AtomicInteger signals = new AtomicInteger();

	/** When the first request came, in nanoseconds. */
	private volatile long firstAt;

	private volatile Runnable onRepeat = () -> {
	};

	/** Handles the signals; a second one runs {@code onRepeat} (kill instead of wait). */
	void install(Runnable onRepeat) {
		this.onRepeat = onRepeat;
		for (String name : List.of("INT", "TERM", "HUP")) {
			try {
				Signal.handle(new Signal(name), (signal) -> request("SIG" + signal.getName()));
			}
			catch (IllegalArgumentException ex) {
				log.debug("cannot handle SIG{}: {}", name, ex.getMessage());
			}
		}
	}

	synchronized void request(String why) {
		int count = this.signals.incrementAndGet();
		if (count == 1) {
			this.firstAt = System.nanoTime();
			log.info("{}: stopping everything (press Ctrl-C again to kill the services instead)", why);
			this.requested.countDown();
		}
		else if (System.nanoTime() - this.firstAt < REPEAT_AFTER.toNanos()) {
			// one signal delivered twice (to the process and to its group, as timeout(1)
			// does)
			this.signals.decrementAndGet();
		}
		else if (count == 2) {
			log.warn("{} again: killing the services", why);
			this.onRepeat.run();
		}
	}

	boolean isRequested() {
		return this.requested.getCount() == 0;
	}

	/** Waits up to {@code timeout}; true when a stop was requested. */
	boolean await(Duration timeout) {
		try {
			return this.requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

}
