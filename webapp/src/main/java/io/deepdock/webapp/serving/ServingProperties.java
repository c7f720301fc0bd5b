package io.deepdock.webapp.serving;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Online inference: the micro-batching engine's limits (one engine per task), how long a
 * request may wait for its answer, and how often the replica checks that it serves the
 * ACTIVE versions (a safety net under the {@code model.promoted} events).
 */
@ConfigurationProperties("deepdock.serving")
@Validated
public record ServingProperties(@Min(1) @Max(1024) @DefaultValue("32") int maxBatchSize,
		@NotNull @DefaultValue("5ms") Duration maxDelay, @Min(1) @Max(100000) @DefaultValue("1024") int queueCapacity,
		@Min(1) @Max(16) @DefaultValue("1") int workers, @NotNull @DefaultValue("10s") Duration requestTimeout,
		@NotNull @DefaultValue("30s") Duration reconcileInterval,
		@NotNull @DefaultValue("10MB") DataSize maxImageBytes) {

}
