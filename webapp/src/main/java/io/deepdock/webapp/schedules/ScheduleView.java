package io.deepdock.webapp.schedules;

import java.time.Instant;

import io.deepdock.core.schedules.Schedule;
import io.deepdock.core.schedules.Schedules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A schedule as the API shows it, with its cron in plain words and its next fire time.
 */
record ScheduleView(long id, String task, String cron, String zone, String description, boolean enabled,
		double minImprovement, JsonNode parameters, Instant nextFireAt, Instant lastFiredAt, Long lastJobId,
		Instant createdAt, Instant updatedAt) {

	static ScheduleView of(Schedule schedule, JsonMapper json) {
		String description;
		try {
			description = Schedules.cron(schedule).describe();
		}
		catch (IllegalArgumentException ex) {
			description = "invalid: " + ex.getMessage();
		}
		return new ScheduleView(schedule.getId(), schedule.getTask(), schedule.getCron(), schedule.getZone(),
				description, schedule.isEnabled(), schedule.getMinImprovement(),
				(schedule.getParameters() != null) ? json.readTree(schedule.getParameters()) : null,
				schedule.getNextFireAt(), schedule.getLastFiredAt(), schedule.getLastJobId(), schedule.getCreatedAt(),
				schedule.getUpdatedAt());
	}

}
