package io.deepdock.core.contracts;

import java.time.Instant;

/** Event: a job moved to another state. Routing key {@code job.<id>.state}. */
@MessageType("job.state-changed.v1")
public record JobStateChanged(long jobId, String type, String state, String error, Instant at) {

}
