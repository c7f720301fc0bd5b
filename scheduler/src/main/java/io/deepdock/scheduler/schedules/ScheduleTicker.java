package io.deepdock.scheduler.schedules;

import java.util.List;

import io.deepdock.core.schedules.ScheduleFiring;
import io.deepdock.scheduler.leadership.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks for due schedules every {@code deepdock.schedules.poll-interval}. Every replica
 * looks, the standby ones too: {@link ScheduleFiring} makes each due time fire once
 * whichever replica gets there first, so a dead leader delays nothing.
 */
@Component
class ScheduleTicker {

	private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

	private final ScheduleFiring firing;

	private final Leadership leadership;

	ScheduleTicker(ScheduleFiring firing, Leadership leadership) {
		this.firing = firing;
		this.leadership = leadership;
	}

	@Scheduled(fixedDelayString = "${deepdock.schedules.poll-interval:5s}", initialDelay = 1000)
	void tick() {
		try {
			List<ScheduleFiring.Fired> fired = this.firing.fireDue(this.leadership.holder());
			if (!fired.isEmpty()) {
				log.debug("Fired {}", fired);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not look for due schedules: {}", ex.getMessage());
		}
	}

}
