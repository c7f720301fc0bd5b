package io.deepdock.core.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * Event: progress of a running job (an epoch's metrics, a throughput sample, a count of
 * batch predictions). Routing key {@code job.<id>.progress}.
 */
@MessageType("job.progressed.v1")
public record JobProgressed(long jobId, String kind, Integer epoch, Map<String, Double> metrics, String message,
		Instant at) {

}
