package io.deepdock.core.batch;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BatchCsv}'s contract on any bytes: {@link BatchCsv#count} and reading either
 * succeed, with at most {@link BatchLimits#maxItems()} rows and no text longer than
 * {@link BatchLimits#maxRecordChars()}, the same number both ways, or throw
 * {@link BatchInputException}; never another exception, never an {@link OutOfMemoryError}
 * or a hang. In the unit tier this replays {@code BatchCsvFuzzTestInputs/}; the fuzz
 * execution fuzzes it (docs/bad-inputs.md, Fuzzing).
 */
class BatchCsvFuzzTest {

	static final BatchLimits LIMITS = new BatchLimits(16, DataSize.ofKilobytes(64), DataSize.ofKilobytes(256), 100, 200,
			4_000_000, 64);

	@FuzzTest(maxDuration = "10s")
	void readsWithinLimitsOrRefusesWithBatchInputException(byte[] bytes) throws IOException {
		Integer counted = null;
		try {
			counted = BatchCsv.count(new ByteArrayInputStream(bytes), LIMITS);
			assertThat(counted).isBetween(0, LIMITS.maxItems());
		}
		catch (BatchInputException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
		try (BatchCsv csv = BatchCsv.open(new ByteArrayInputStream(bytes), LIMITS)) {
			int rows = 0;
			BatchItem item;
			while ((item = csv.next()) != null) {
				rows++;
				assertThat(rows).isLessThanOrEqualTo(LIMITS.maxItems());
				assertThat(item.name()).isNotNull();
				if (item.failed()) {
					assertThat(item.error()).isNotBlank();
				}
				else {
					assertThat(item.text().length()).isLessThanOrEqualTo(LIMITS.maxRecordChars());
				}
			}
			assertThat(counted).as("count() agrees with reading").isEqualTo(rows);
		}
		catch (BatchInputException ex) {
			assertThat(counted).as("count() refused what reading refuses").isNull();
		}
	}

}
