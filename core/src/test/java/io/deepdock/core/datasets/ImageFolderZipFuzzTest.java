package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.ml.data.ImageSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.ml.Task;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImageFolderZip}'s contract on any bytes: {@link ImageFolderZip#inspect} and
 * {@link ImageFolderZip#read} either give at most {@link BatchLimits#maxItems()} images,
 * each 28x28 with a label of the task, or throw {@link BatchInputException} (unsafe, over
 * a limit, not a zip) or {@link DatasetFormatException} (no class folder, a corrupt
 * image, too few images); never another exception, never an {@link OutOfMemoryError} or a
 * hang. In the unit tier this replays {@code ImageFolderZipFuzzTestInputs/}; the fuzz
 * execution fuzzes it (docs/bad-inputs.md, Fuzzing).
 */
class ImageFolderZipFuzzTest {

	static final BatchLimits LIMITS = new BatchLimits(32, DataSize.ofKilobytes(64), DataSize.ofKilobytes(512), 100,
			1_000, 1_000_000, 64);

	@FuzzTest(maxDuration = "10s")
	void readsLabelledImagesOrRefusesWithADocumentedException(byte[] bytes) throws IOException {
		Path file = Files.createTempFile("fuzz", ".zip");
		try {
			Files.write(file, bytes);
			try {
				int[] counts = ImageFolderZip.inspect(file, Task.DIGITS, LIMITS);
				assertThat(counts).hasSize(Task.DIGITS.labels().size());
				assertThat(Arrays.stream(counts).sum()).isBetween(ImageFolderZip.MIN_IMAGES, LIMITS.maxItems());
			}
			catch (BatchInputException | DatasetFormatException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			try {
				Splits splits = ImageFolderZip.read(file, Task.DIGITS, LIMITS, (progress) -> {
				});
				assertThat(splits.train().count() + splits.test().count()).isBetween(ImageFolderZip.MIN_IMAGES,
						LIMITS.maxItems());
				for (ImageSet set : new ImageSet[] { splits.train(), splits.test() }) {
					assertThat(set.pixels()).hasSize(set.count() * 28 * 28);
					for (int i = 0; i < set.count(); i++) {
						assertThat(set.label(i)).isBetween(0, Task.DIGITS.labels().size() - 1);
					}
				}
			}
			catch (BatchInputException | DatasetFormatException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
