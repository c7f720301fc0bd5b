package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.ml.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageFolderZipTest {

	static final String[] DIGIT_FOLDERS = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	@TempDir
	Path dir;

	Path file(byte[] bytes) throws Exception {
		Path file = Files.createTempFile(this.dir, "upload", ".zip");
		Files.write(file, bytes);
		return file;
	}

	@Test
	void refusesAZipWhoseEndRecordPointsPastTheFileAsMalformedNotAsAnIoError() throws Exception {
		// the crash input the fuzzer found for BatchZip, which checks dataset zips first
		Path file;
		try (java.io.InputStream in = getClass().getResourceAsStream("/io/deepdock/core/batch/BatchZipFuzzTestInputs/"
				+ "readsWithinLimitsOrRefusesWithBatchInputException/crash-end-record-points-past-the-file")) {
			file = file(in.readAllBytes());
		}
		BatchLimits limits = BatchLimits.defaults();
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(file, Task.DIGITS, limits))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> ImageFolderZip.read(file, Task.DIGITS, limits, (progress) -> {
			}))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	Path digits(int perClass) throws Exception {
		int[] counts = new int[10];
		java.util.Arrays.fill(counts, perClass);
		return file(ImageZips.zip(DIGIT_FOLDERS, counts, 1));
	}

	@Test
	void aZipOfClassFoldersIsCountedPerClassWithoutDecoding() throws Exception {
		Path zip = file(ImageZips.zip(DIGIT_FOLDERS, new int[] { 3, 1, 0, 0, 0, 0, 0, 7, 0, 2 }, 1));
		assertThat(ImageFolderZip.inspect(zip, Task.DIGITS, BatchLimits.defaults())).containsExactly(3, 1, 0, 0, 0, 0,
				0, 7, 0, 2);
	}

	@Test
	void fashionFoldersAreLabelsInAnySpellingOrTheirIndex() throws Exception {
		assertThat(ImageFolderZip.classOf("T-shirt_top/a.png", Task.FASHION)).isZero();
		assertThat(ImageFolderZip.classOf("data/tshirt-top/a.png", Task.FASHION)).isZero();
		assertThat(ImageFolderZip.classOf("T-shirt/top/a.png", Task.FASHION)).isZero();
		assertThat(ImageFolderZip.classOf("T-shirt/a.png", Task.FASHION)).isZero();
		assertThat(ImageFolderZip.classOf("ankle boot/a.png", Task.FASHION)).isEqualTo(9);
		assertThat(ImageFolderZip.classOf("Ankle_Boot/a.png", Task.FASHION)).isEqualTo(9);
		assertThat(ImageFolderZip.classOf("7/a.png", Task.FASHION)).isEqualTo(7);
		assertThat(ImageFolderZip.classOf("set/7/a.png", Task.DIGITS)).isEqualTo(7);
	}

	@Test
	void anUnknownClassFolderIsRefusedNamingTheFolder() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			entries.put("7/img" + i + ".png", ImageZips.png(7, i));
		}
		entries.put("seven/odd.png", ImageZips.png(7, 99));
		Path zip = file(ImageZips.zip(entries));
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(zip, Task.DIGITS, BatchLimits.defaults()))
			.withMessageContaining("unknown class folder 'seven'")
			.withMessageContaining("seven/odd.png");
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.classOf("Jacket/a.png", Task.FASHION))
			.withMessageContaining("'Jacket'")
			.withMessageContaining("Ankle boot");
	}

	@Test
	void anImageOutsideAnyFolderIsRefused() throws Exception {
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.classOf("loose.png", Task.DIGITS))
			.withMessageContaining("not in a class folder");
	}

	@Test
	void traversalAndAbsoluteNamesAreRefused() throws Exception {
		for (String name : List.of("../7/evil.png", "7/../../evil.png", "/7/abs.png", "C:/7/drive.png")) {
			Map<String, byte[]> entries = new LinkedHashMap<>();
			entries.put(name, ImageZips.png(7, 1));
			Path zip = file(ImageZips.zip(entries));
			assertThatExceptionOfType(BatchInputException.class).as(name)
				.isThrownBy(() -> ImageFolderZip.inspect(zip, Task.DIGITS, BatchLimits.defaults()))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.UNSAFE));
		}
	}

	@Test
	void tooManyImagesAreRefusedBeforeAnyIsRead() throws Exception {
		BatchLimits limits = new BatchLimits(15, DataSize.ofMegabytes(10), DataSize.ofGigabytes(1), 100, 100_000,
				4_000_000, 64);
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(digits(2), Task.DIGITS, limits))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.TOO_LARGE));
	}

	@Test
	void tooMuchUncompressedDataIsRefused() throws Exception {
		BatchLimits limits = new BatchLimits(10_000, DataSize.ofMegabytes(10), DataSize.ofKilobytes(2), 100, 100_000,
				4_000_000, 64);
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(digits(2), Task.DIGITS, limits))
			.withMessageContaining("uncompresses to more than");
	}

	@Test
	void aZipBombIsRefusedByItsRatio() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("7/bomb.png", new byte[4 * 1024 * 1024]);
		Path zip = file(ImageZips.zip(entries));
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(zip, Task.DIGITS, BatchLimits.defaults()))
			.withMessageContaining("zip bomb");
	}

	@Test
	void tooFewImagesAreRefused() throws Exception {
		Path zip = file(ImageZips.zip(DIGIT_FOLDERS, new int[] { 3, 3, 0, 0, 0, 0, 0, 0, 0, 0 }, 1));
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.inspect(zip, Task.DIGITS, BatchLimits.defaults()))
			.withMessageContaining("at least 10");
	}

	@Test
	void readingDecodesEveryImageTo28x28AndHoldsOutEveryFifthOfEachClass() throws Exception {
		Path zip = file(ImageZips.zip(DIGIT_FOLDERS, new int[] { 10, 5, 4, 0, 0, 0, 0, 12, 0, 1 }, 3));
		List<String> steps = new ArrayList<>();
		Splits splits = ImageFolderZip.read(zip, Task.DIGITS, BatchLimits.defaults(), steps::add);
		assertThat(splits.test().classCounts()).containsExactly(2, 1, 0, 0, 0, 0, 0, 2, 0, 0);
		assertThat(splits.train().classCounts()).containsExactly(8, 4, 4, 0, 0, 0, 0, 10, 0, 1);
		assertThat(splits.train().rows()).isEqualTo(28);
		assertThat(splits.train().cols()).isEqualTo(28);
		assertThat(splits.train().classes()).isEqualTo(10);
		// ink high on a dark background, as the model is served
		int ink = 0;
		for (int p = 0; p < 784; p++) {
			ink = Math.max(ink, splits.train().pixel(0, p));
		}
		assertThat(ink).isGreaterThan(200);
		assertThat(splits.train().pixel(0, 0)).isLessThan(30);
		// the same file splits the same way
		Splits again = ImageFolderZip.read(zip, Task.DIGITS, BatchLimits.defaults(), steps::add);
		assertThat(again.test().pixels()).isEqualTo(splits.test().pixels());
		assertThat(again.train().labels()).isEqualTo(splits.train().labels());
	}

	@Test
	void aCorruptImageFailsTheReadNamingTheEntry() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 12; i++) {
			entries.put("3/ok" + i + ".png", ImageZips.png(3, i));
		}
		byte[] truncated = java.util.Arrays.copyOf(ImageZips.png(3, 50), 60);
		entries.put("3/broken.png", truncated);
		entries.put("3/notes.txt", "not an image".getBytes());
		Path zip = file(ImageZips.zip(entries));
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.read(zip, Task.DIGITS, BatchLimits.defaults(), (s) -> {
			}))
			.withMessageContaining("3/broken.png");
	}

	@Test
	void anImageDeclaringTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 12; i++) {
			entries.put("3/ok" + i + ".png", ImageZips.png(3, i));
		}
		BatchLimits limits = new BatchLimits(10_000, DataSize.ofMegabytes(10), DataSize.ofGigabytes(1), 100, 100_000,
				1000, 64);
		Path zip = file(ImageZips.zip(entries));
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ImageFolderZip.read(zip, Task.DIGITS, limits, (s) -> {
			}))
			.withMessageContaining("3/ok0.png")
			.withMessageContaining("pixels");
	}

}
