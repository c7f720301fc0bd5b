package io.deepdock.core.schedules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled retraining.
 *
 * @param minInterval the shortest gap allowed between two fires of one schedule: a
 * retraining is long, and a schedule that fires more often only queues work up
 * @param pollInterval how often a scheduler replica looks for due schedules
 */
@ConfigurationProperties("deepdock.schedules")
public record ScheduleProperties(@DefaultValue("5m") Duration minInterval, @DefaultValue("5s") Duration pollInterval) {

}
