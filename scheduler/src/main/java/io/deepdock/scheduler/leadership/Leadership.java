package io.deepdock.scheduler.leadership;

import java.util.UUID;

import io.deepdock.core.schedules.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leadership among scheduler replicas: the replica holding the {@value #LOCK} lease in
 * PostgreSQL is the one that fires schedules; the others stand by and take over when the
 * lease expires.
 */
@Component
public class Leadership implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(Leadership.class);

	static final String LOCK = "scheduler-leader";

	private final LeaseLock locks;

	private final LeadershipProperties properties;

	/**
	 * Unique per process, so two replicas with the same name still hold distinct leases.
	 */
	private final String holder;

	private volatile boolean leader;

	Leadership(LeaseLock locks, LeadershipProperties properties) {
		this.locks = locks;
		this.properties = properties;
		this.holder = properties.replica() + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	void ready() {
		renew();
		if (this.leader) {
			log.info("Scheduler ready: holding lock '{}' as {}", LOCK, this.holder);
		}
		else {
			log.info("Scheduler ready: standing by, lock '{}' is held by {}", LOCK, this.locks.holder(LOCK));
		}
	}

	@Scheduled(fixedDelayString = "${deepdock.scheduler.renew-interval:10s}",
			initialDelayString = "${deepdock.scheduler.renew-interval:10s}")
	void renew() {
		boolean was = this.leader;
		try {
			this.leader = this.locks.tryAcquire(LOCK, this.holder, this.properties.lease());
		}
		catch (RuntimeException ex) {
			this.leader = false;
			log.warn("Could not renew lock '{}': {}", LOCK, ex.getMessage());
		}
		if (was != this.leader) {
			log.info(this.leader ? "Took over lock '{}' as {}" : "Lost lock '{}' ({})", LOCK, this.holder);
		}
	}

	@EventListener(ContextClosedEvent.class)
	void release() {
		if (this.leader) {
			this.locks.release(LOCK, this.holder);
			this.leader = false;
			log.info("Released lock '{}'", LOCK);
		}
	}

	public boolean isLeader() {
		return this.leader;
	}

	public String holder() {
		return this.holder;
	}

	@Override
	public Health health() {
		// a standby replica is healthy too: it is ready to take over
		return Health.up().withDetail("leader", this.leader).withDetail("holder", this.holder).build();
	}

}
