package io.deepdock.core.jobs;

/** Who asked for a job. */
public enum JobTrigger {

	USER, SCHEDULE, SYSTEM

}
