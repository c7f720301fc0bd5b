package io.deepdock.webapp.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live job streams ({@code GET /api/v1/jobs/{id}/events}, Server-Sent Events).
 *
 * @param maxStreamsPerUser how many streams one user may hold open at once, on all web
 * replicas together; one more answers 429 (a page shows one per job it watches, so a
 * handful of tabs stay well below it)
 * @param timeout how long a stream of a job that does not end may stay open; the browser
 * reconnects after it
 * @param lease how long a stream's slot ({@code event_stream}) counts without being
 * renewed: its replica renews it with every keep-alive (15 s), so this is how long the
 * streams of a killed replica still count
 */
@ConfigurationProperties("deepdock.events")
@Validated
public record JobEventsProperties(@Min(1) @Max(1000) @DefaultValue("10") int maxStreamsPerUser,
		@NotNull @DefaultValue("24h") Duration timeout, @NotNull @DefaultValue("60s") Duration lease) {

	public JobEventsProperties {
		if (lease != null && lease.compareTo(Duration.ofSeconds(30)) < 0) {
			throw new IllegalArgumentException(
					"deepdock.events.lease must be at least 30s (two keep-alives), not " + lease);
		}
	}

}
