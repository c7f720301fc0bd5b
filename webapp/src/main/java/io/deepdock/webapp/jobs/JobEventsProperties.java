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
 * @param maxStreamsPerUser how many streams one user may hold open on one replica at
 * once; one more answers 429 (a page shows one per job it watches, so a handful of tabs
 * stay well below it)
 * @param timeout how long a stream of a job that does not end may stay open; the browser
 * reconnects after it
 */
@ConfigurationProperties("deepdock.events")
@Validated
public record JobEventsProperties(@Min(1) @Max(1000) @DefaultValue("10") int maxStreamsPerUser,
		@NotNull @DefaultValue("24h") Duration timeout) {

}
