package io.deepdock.core.batch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The limits of a batch prediction's input, checked by the web app when the file is
 * uploaded and again by the worker on the bytes it actually reads (a zip's central
 * directory can lie about sizes). The upload itself is bounded by
 * {@code spring.servlet.multipart.max-file-size} (and nginx's
 * {@code client_max_body_size}), 200 MB.
 *
 * @param maxItems most inputs in one batch: images in a zip, rows in a CSV
 * @param maxEntrySize largest image inside a zip once uncompressed; a larger one becomes
 * an error row, read no further
 * @param maxTotalSize most bytes a zip may uncompress to in all
 * @param maxRatio highest compression ratio of an entry of at least {@link #RATIO_FLOOR}
 * bytes: above it the zip is refused as a bomb
 * @param maxRecordChars longest CSV record (one row, quoted line breaks included)
 * @param maxImagePixels most pixels an image may declare, checked before it is decoded
 * @param batchSize inputs per forward pass, per database batch and per cancel check
 */
@ConfigurationProperties("deepdock.batch")
@Validated
public record BatchLimits(@Min(1) @Max(1_000_000) @DefaultValue("10000") int maxItems,
		@NotNull @DefaultValue("10MB") DataSize maxEntrySize, @NotNull @DefaultValue("1GB") DataSize maxTotalSize,
		@Min(2) @DefaultValue("100") int maxRatio, @Min(100) @DefaultValue("100000") int maxRecordChars,
		@Min(784) @DefaultValue("4000000") long maxImagePixels, @Min(1) @Max(1024) @DefaultValue("64") int batchSize) {

	/**
	 * Entries smaller than this are not judged by their ratio: a few kilobytes of
	 * anything compress well and cost nothing.
	 */
	public static final long RATIO_FLOOR = 64 * 1024;

	/** The defaults, for code that runs without Spring (tests, benchmarks). */
	public static BatchLimits defaults() {
		return new BatchLimits(10_000, DataSize.ofMegabytes(10), DataSize.ofGigabytes(1), 100, 100_000, 4_000_000, 64);
	}

}
