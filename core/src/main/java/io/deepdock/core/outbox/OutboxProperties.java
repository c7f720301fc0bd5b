package io.deepdock.core.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay: how often it looks for unpublished messages when nothing woke it, how
 * many it takes at once, and how long it waits for the broker's confirm.
 */
@ConfigurationProperties("deepdock.outbox")
@Validated
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled,
		@NotNull @DefaultValue("1s") Duration pollInterval, @Min(1) @Max(1000) @DefaultValue("100") int batchSize,
		@NotNull @DefaultValue("10s") Duration confirmTimeout) {

}
