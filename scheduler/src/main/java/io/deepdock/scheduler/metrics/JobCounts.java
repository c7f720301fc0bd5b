package io.deepdock.scheduler.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How many jobs there are of each type in each state, as the gauge
 * {@code deepdock.jobs.current{type, state}}: the platform-wide view (the workers count
 * what they ran; this counts what is queued, running and ended). Read from PostgreSQL
 * every {@code deepdock.metrics.job-counts-interval}, by the scheduler, which every
 * deployment has.
 */
@Component
class JobCounts {

	private static final Logger log = LoggerFactory.getLogger(JobCounts.class);

	private final JdbcTemplate jdbc;

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	JobCounts(JdbcTemplate jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		for (JobType type : JobType.values()) {
			for (JobState state : JobState.values()) {
				AtomicLong count = new AtomicLong();
				this.counts.put(key(type.name(), state.name()), count);
				Gauge.builder("deepdock.jobs.current", count, AtomicLong::get)
					.description("Jobs of a type in a state, platform-wide")
					.tag("type", type.name())
					.tag("state", state.name())
					.register(meters);
			}
		}
	}

	@Scheduled(fixedDelayString = "${deepdock.metrics.job-counts-interval:15s}", initialDelay = 0)
	void refresh() {
		try {
			Map<String, Long> seen = new ConcurrentHashMap<>();
			this.jdbc.query("SELECT type, state, count(*) FROM job GROUP BY type, state",
					(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> seen
						.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3)));
			this.counts.forEach((key, count) -> count.set(seen.getOrDefault(key, 0L)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not count jobs: {}", ex.getMessage());
		}
	}

	long count(JobType type, JobState state) {
		return this.counts.get(key(type.name(), state.name())).get();
	}

	private static String key(String type, String state) {
		return type + "/" + state;
	}

}
