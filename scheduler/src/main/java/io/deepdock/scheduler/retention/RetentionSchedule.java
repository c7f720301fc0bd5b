package io.deepdock.scheduler.retention;

import io.deepdock.core.retention.Retention;
import io.deepdock.scheduler.leadership.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The leading scheduler's share of keeping the media volume bounded: every
 * {@code deepdock.retention.interval} it expires old batch results and removes the
 * uploads that no job needs any more ({@link Retention}).
 */
@Component
class RetentionSchedule {

	private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

	private final Leadership leadership;

	private final Retention retention;

	RetentionSchedule(Leadership leadership, Retention retention) {
		this.leadership = leadership;
		this.retention = retention;
	}

	@Scheduled(fixedDelayString = "${deepdock.retention.interval:1h}",
			initialDelayString = "${deepdock.retention.interval:1h}")
	void sweep() {
		if (!this.leadership.isLeader()) {
			return;
		}
		try {
			int expired = this.retention.expireResults();
			int removed = this.retention.removeStaleUploads();
			int images = this.retention.expirePredictionImages();
			if (expired > 0 || removed > 0 || images > 0) {
				log.info("Retention: {} batch result(s) expired, {} stale upload(s) removed, {} prediction image(s) "
						+ "expired", expired, removed, images);
			}
		}
		catch (RuntimeException ex) {
			log.warn("The retention sweep failed, will retry: {}", ex.getMessage());
		}
	}

}
