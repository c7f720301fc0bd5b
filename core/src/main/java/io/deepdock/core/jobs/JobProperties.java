package io.deepdock.core.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker treats a job that throws an unexpected (possibly transient) error: it
 * tries {@code maxAttempts} times in all, waiting {@code initialBackoff} doubled each
 * time (capped at {@code maxBackoff}), then dead-letters the message and fails the job
 * with the reason. A job waiting for its retry holds no worker: it stays QUEUED with a
 * {@code not_before}, and the leading scheduler dispatches it every {@code retryPoll}
 * once that has passed.
 */
@ConfigurationProperties("deepdock.jobs")
@Validated
public record JobProperties(@Min(1) @Max(20) @DefaultValue("3") int maxAttempts,
		@NotNull @DefaultValue("2s") Duration initialBackoff, @NotNull @DefaultValue("30s") Duration maxBackoff,
		@DefaultValue("true") boolean consume, @NotNull @DefaultValue("90s") Duration lease,
		@NotNull @DefaultValue("20s") Duration heartbeat, @NotNull @DefaultValue("15s") Duration reapInterval,
		@NotNull @DefaultValue("25s") Duration stopGrace, @NotNull @DefaultValue("1s") Duration retryPoll) {

	public JobProperties {
		if (lease != null && heartbeat != null && heartbeat.multipliedBy(3).compareTo(lease) > 0) {
			throw new IllegalArgumentException(
					"deepdock.jobs.heartbeat (" + heartbeat + ") must be at most a third of deepdock.jobs.lease ("
							+ lease + "), so a live worker never loses its job");
		}
	}

	public Duration backoff(int attempt) {
		long millis = this.initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		return Duration.ofMillis(Math.min(millis, this.maxBackoff.toMillis()));
	}

}
