package io.deepdock.core.contracts;

import java.time.Instant;

/**
 * Event: a job moved to another state. Routing key {@link Topology#jobStateKey}. The kind
 * and the state travel as their enums (the same JSON as their names), so a reader never
 * re-lists them as strings.
 */
@MessageType("job.state-changed.v1")
public record JobStateChanged(long jobId, JobType type, JobState state, String error, Instant at) {

}
