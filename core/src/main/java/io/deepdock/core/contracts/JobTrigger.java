package io.deepdock.core.contracts;

/** Who asked for a job. */
public enum JobTrigger {

	USER, SCHEDULE, SYSTEM

}
