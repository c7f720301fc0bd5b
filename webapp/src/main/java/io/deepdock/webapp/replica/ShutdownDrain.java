package io.deepdock.webapp.replica;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first thing a replica does when it is asked to stop: it says it is no longer ready
 * and keeps answering normally for {@code deepdock.shutdown.drain-delay}, and only then
 * lets Spring's graceful shutdown close its connector. A load balancer that still sends
 * to it (Swarm's lb resolves the web tasks every 10 s and keeps connections alive) gets
 * answers, not 503s, until it has stopped sending; a POST that a stopping replica refused
 * would not be retried on another. Locally the delay is 0: the launcher takes a replica
 * out of nginx before it stops it.
 *
 * <p>
 * It runs in the highest lifecycle phase, so it stops before the web server's graceful
 * shutdown (phase {@code SmartLifecycle.DEFAULT_PHASE - 1024}) and everything else.
 */
@Component
class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	/** How the drain waits; a test replaces it. */
	interface Pause {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final ApplicationEventPublisher events;

	private final Duration delay;

	private final Pause pause;

	private volatile boolean running;

	@Autowired
	ShutdownDrain(ApplicationEventPublisher events, @Value("${deepdock.shutdown.drain-delay:0s}") Duration delay) {
		this(events, delay, (duration) -> Thread.sleep(duration.toMillis()));
	}

	ShutdownDrain(ApplicationEventPublisher events, Duration delay, Pause pause) {
		this.events = events;
		this.delay = delay;
		this.pause = pause;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		if (this.delay.isZero() || this.delay.isNegative()) {
			return;
		}
		log.info("Stopping: readiness is down; still answering for {} s while the load balancer lets go",
				this.delay.toSeconds());
		try {
			this.pause.sleep(this.delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
