package io.deepdock.core.retention;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long files that only serve a finished job are kept on the media volume.
 *
 * @param results how long a batch's results CSV (and the upload it was made from) is kept
 * after the batch succeeded; then the download answers 410 Gone
 * @param failedUploads how long the upload of a job that failed after every retry (and
 * was dead-lettered) is kept for an operator to look at
 * @param interval how often the leading scheduler sweeps
 */
@ConfigurationProperties("deepdock.retention")
@Validated
public record RetentionProperties(@NotNull @DefaultValue("30d") Duration results,
		@NotNull @DefaultValue("7d") Duration failedUploads, @NotNull @DefaultValue("1h") Duration interval) {

	public RetentionProperties {
		for (Duration duration : new Duration[] { results, failedUploads, interval }) {
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				throw new IllegalArgumentException("deepdock.retention durations must be positive, not " + duration);
			}
		}
	}

}
