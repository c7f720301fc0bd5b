package io.deepdock.core.schedules;

import io.deepdock.core.contracts.TrainRequest;

/**
 * What a user sets on a schedule: the task to retrain, when (cron in a time zone, UTC by
 * default), whether it is enabled (default yes), the promotion policy (how much the
 * challenger's main metric must beat the champion's by, default 0) and hyper-parameter
 * overrides for the retraining.
 */
public record ScheduleSpec(String task, String cron, String zone, Boolean enabled, Double minImprovement,
		TrainRequest.Overrides parameters) {

}
