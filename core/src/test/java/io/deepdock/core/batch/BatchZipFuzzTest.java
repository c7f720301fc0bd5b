package io.deepdock.core.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BatchZip}'s contract on any bytes: {@link BatchZip#inspect} and
 * {@link BatchZip#open} either accept the file or throw {@link BatchInputException}, and
 * reading yields at most {@link BatchLimits#maxItems()} items, none larger than
 * {@link BatchLimits#maxEntrySize()}, at most {@link BatchLimits#maxTotalSize()} in all;
 * never another exception (an {@link IOException} included: the file is a readable local
 * one), never an {@link OutOfMemoryError} or a hang. Small limits, so that a few
 * kilobytes of fuzz can cross them. In the unit tier this replays
 * {@code BatchZipFuzzTestInputs/}; the fuzz execution fuzzes it (docs/bad-inputs.md,
 * Fuzzing).
 */
class BatchZipFuzzTest {

	static final BatchLimits LIMITS = new BatchLimits(8, DataSize.ofKilobytes(64), DataSize.ofKilobytes(256), 100,
			1_000, 4_000_000, 64);

	@FuzzTest(maxDuration = "10s")
	void readsWithinLimitsOrRefusesWithBatchInputException(byte[] bytes) throws IOException {
		Path file = Files.createTempFile("fuzz", ".zip");
		try {
			Files.write(file, bytes);
			try {
				BatchZip.Summary summary = BatchZip.inspect(file, LIMITS);
				assertThat(summary.inputs()).isBetween(0, LIMITS.maxItems());
				assertThat(summary.declaredSize()).isBetween(0L, LIMITS.maxTotalSize().toBytes());
			}
			catch (BatchInputException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			try (BatchZip zip = BatchZip.open(file, LIMITS)) {
				int items = 0;
				long total = 0;
				BatchItem item;
				while ((item = zip.next()) != null) {
					items++;
					assertThat(items).isLessThanOrEqualTo(LIMITS.maxItems());
					assertThat(item.name()).isNotNull();
					if (item.failed()) {
						assertThat(item.error()).isNotBlank();
					}
					else {
						assertThat((long) item.image().length).isLessThanOrEqualTo(LIMITS.maxEntrySize().toBytes());
						total += item.image().length;
					}
				}
				assertThat(total).isLessThanOrEqualTo(LIMITS.maxTotalSize().toBytes());
			}
			catch (BatchInputException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
