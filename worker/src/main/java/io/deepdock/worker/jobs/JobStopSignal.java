package io.deepdock.worker.jobs;

import io.deepdock.core.jobs.JobProperties;

import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A worker's graceful stop (SIGTERM, Swarm's {@code stop_grace_period}): the first thing
 * to stop, it tells running jobs to hand themselves back at their next batch boundary and
 * waits, up to {@code deepdock.jobs.stop-grace}, for them to do so, before the listener
 * containers, the broker connection and the database go away.
 */
@Component
public class JobStopSignal implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobStopSignal.class);

	private final JobProperties properties;

	private volatile boolean running;

	private volatile boolean stopping;

	private volatile BooleanSupplier idle = () -> true;

	JobStopSignal(JobProperties properties) {
		this.properties = properties;
	}

	/** Whether this process is stopping: a running job should hand itself back. */
	public boolean isStopping() {
		return this.stopping;
	}

	void whenIdle(BooleanSupplier idle) {
		this.idle = idle;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.stopping = true;
		long deadline = System.nanoTime() + this.properties.stopGrace().toNanos();
		if (!this.idle.getAsBoolean()) {
			log.info("Stopping: handing the running job back (waiting up to {})", this.properties.stopGrace());
		}
		while (!this.idle.getAsBoolean() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops first: before the listener containers (which would wait for the job) and
		// everything else
		return Integer.MAX_VALUE;
	}

}
