package io.deepdock.scheduler.reaping;

import io.deepdock.core.jobs.JobReaper;
import io.deepdock.scheduler.leadership.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The leading scheduler's share of "no job vanishes": on start it dispatches the queued
 * jobs again (an embedded broker forgets its messages on restart), and every
 * {@code deepdock.jobs.reap-interval} it gives the jobs of dead workers to live ones;
 * every {@code deepdock.jobs.retry-poll} it dispatches the jobs whose wait
 * ({@code not_before}) is over.
 */
@Component
class ReapingSchedule {

	private static final Logger log = LoggerFactory.getLogger(ReapingSchedule.class);

	private final Leadership leadership;

	private final JobReaper reaper;

	ReapingSchedule(Leadership leadership, JobReaper reaper) {
		this.leadership = leadership;
		this.reaper = reaper;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(50)
	void onReady() {
		if (this.leadership.isLeader()) {
			this.reaper.reapExpiredLeases();
			this.reaper.redispatchQueued();
		}
	}

	/**
	 * Dispatches the jobs whose wait is over (a retry's backoff, a training waiting for
	 * its dataset's import), often: a backoff is seconds long.
	 */
	@Scheduled(fixedDelayString = "${deepdock.jobs.retry-poll:1s}",
			initialDelayString = "${deepdock.jobs.retry-poll:1s}")
	void dispatchDue() {
		if (!this.leadership.isLeader()) {
			return;
		}
		try {
			this.reaper.dispatchDueJobs();
		}
		catch (RuntimeException ex) {
			log.warn("Dispatching the jobs whose wait is over failed, will retry: {}", ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "${deepdock.jobs.reap-interval:15s}",
			initialDelayString = "${deepdock.jobs.reap-interval:15s}")
	void reap() {
		if (!this.leadership.isLeader()) {
			return;
		}
		try {
			this.reaper.reapExpiredLeases();
		}
		catch (RuntimeException ex) {
			log.warn("Reaping expired job leases failed, will retry: {}", ex.getMessage());
		}
	}

}
