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
 * @param predictionImages how long the image an online prediction stored
 * ({@code uploads/<task>/...}) is kept; then the file goes and the prediction row says so
 * ({@code input_expired_at}); its thumbnail and feedback keep working from the 28x28
 * features stored in the row
 */
@ConfigurationProperties("deepdock.retention")
@Validated
public record RetentionProperties(@NotNull @DefaultValue("30d") Duration results,
		@NotNull @DefaultValue("7d") Duration failedUploads, @NotNull @DefaultValue("1h") Duration interval,
		@NotNull @DefaultValue("30d") Duration predictionImages) {

	public RetentionProperties {
		for (Duration duration : new Duration[] { results, failedUploads, interval, predictionImages }) {
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				throw new IllegalArgumentException("deepdock.retention durations must be positive, not " + duration);
			}
		}
	}

}
