package io.deepdock.core.contracts;

import java.time.Instant;

/**
 * Event: a model version became the ACTIVE one of its task. Every web replica loads it
 * beside the old one and swaps. Routing key {@code model.<task>.promoted}.
 */
@MessageType("model.promoted.v1")
public record ModelPromoted(String task, long versionId, int version, Long previousVersionId, Instant at) {

}
