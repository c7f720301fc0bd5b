package io.deepdock.core.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchZipTest {

	@TempDir
	Path dir;

	static final BatchLimits LIMITS = BatchLimits.defaults();

	static BatchLimits limits(int maxItems, DataSize maxEntry, DataSize maxTotal) {
		return new BatchLimits(maxItems, maxEntry, maxTotal, 100, 100_000, 4_000_000, 64);
	}

	record Entry(String name, byte[] bytes, boolean stored) {

		Entry(String name, byte[] bytes) {
			this(name, bytes, false);
		}

	}

	Path zip(Entry... entries) throws IOException {
		Path file = Files.createTempFile(this.dir, "batch", ".zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			for (Entry e : entries) {
				ZipEntry entry = new ZipEntry(e.name());
				if (e.stored()) {
					CRC32 crc = new CRC32();
					crc.update(e.bytes());
					entry.setMethod(ZipEntry.STORED);
					entry.setSize(e.bytes().length);
					entry.setCompressedSize(e.bytes().length);
					entry.setCrc(crc.getValue());
				}
				out.putNextEntry(entry);
				out.write(e.bytes());
				out.closeEntry();
			}
		}
		return file;
	}

	static List<BatchItem> readAll(Path file, BatchLimits limits) throws IOException {
		List<BatchItem> items = new ArrayList<>();
		try (BatchZip zip = BatchZip.open(file, limits)) {
			BatchItem item;
			while ((item = zip.next()) != null) {
				items.add(item);
			}
		}
		return items;
	}

	static byte[] bytes(int n, int value) {
		byte[] b = new byte[n];
		java.util.Arrays.fill(b, (byte) value);
		return b;
	}

	@Test
	void readsEveryFileInOrderSkippingFoldersAndArchiverMetadata() throws IOException {
		Path file = zip(new Entry("images/", new byte[0]), new Entry("images/a.png", bytes(10, 1)),
				new Entry("__MACOSX/images/._a.png", bytes(5, 2)), new Entry("images/.DS_Store", bytes(5, 3)),
				new Entry("b.jpg", bytes(20, 4)));
		assertThat(BatchZip.inspect(file, LIMITS).inputs()).isEqualTo(2);
		List<BatchItem> items = readAll(file, LIMITS);
		assertThat(items).extracting(BatchItem::name).containsExactly("images/a.png", "b.jpg");
		assertThat(items.get(1).image()).hasSize(20);
		assertThat(items).noneMatch(BatchItem::failed);
	}

	@Test
	void refusesAnEntryWithADotDotSegment() throws IOException {
		Path file = zip(new Entry("ok.png", bytes(10, 1)), new Entry("images/../../etc/cron.d/x", bytes(10, 1)));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, LIMITS))
			.withMessageContaining("path traversal")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.UNSAFE));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> readAll(file, LIMITS))
			.withMessageContaining("path traversal");
	}

	@Test
	void refusesAbsoluteAndDrivePaths() throws IOException {
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> BatchZip.inspect(zip(new Entry("/etc/passwd", bytes(10, 1))), LIMITS))
			.withMessageContaining("absolute path");
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> BatchZip.inspect(zip(new Entry("C:\\Windows\\x.png", bytes(10, 1))), LIMITS))
			.withMessageContaining("absolute path");
	}

	@Test
	void refusesMoreFilesThanTheLimit() throws IOException {
		Path file = zip(new Entry("1.png", bytes(1, 1)), new Entry("2.png", bytes(1, 1)),
				new Entry("3.png", bytes(1, 1)));
		BatchLimits two = limits(2, DataSize.ofMegabytes(1), DataSize.ofMegabytes(10));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, two))
			.withMessageContaining("more than 2 files")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.TOO_LARGE));
	}

	@Test
	void refusesAnArchiveWhoseEndRecordDeclaresTooManyEntriesBeforeReadingItsDirectory() throws IOException {
		Entry[] entries = new Entry[5];
		for (int i = 0; i < entries.length; i++) {
			entries[i] = new Entry("dir" + i + "/", new byte[0]);
		}
		// five folders are no inputs, but more entries than twice the limit are refused
		// from the end record alone
		BatchLimits two = limits(2, DataSize.ofMegabytes(1), DataSize.ofMegabytes(10));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(zip(entries), two))
			.withMessageContaining("5 entries");
	}

	@Test
	void refusesAZipBombByItsRatioBeforeInflatingIt() throws IOException {
		// 50 MB of zeros deflate to about 50 KB: a thousand times
		Path file = Files.createTempFile(this.dir, "bomb", ".zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			out.putNextEntry(new ZipEntry("bomb.png"));
			byte[] zeros = new byte[1024 * 1024];
			for (int i = 0; i < 50; i++) {
				out.write(zeros);
			}
			out.closeEntry();
		}
		assertThat(Files.size(file)).isLessThan(1024 * 1024);
		BatchLimits generous = limits(10, DataSize.ofMegabytes(100), DataSize.ofGigabytes(1));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, generous))
			.withMessageContaining("zip bomb")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.TOO_LARGE));
	}

	@Test
	void refusesABombWhoseDirectoryLiesAboutItsSizeOnceTheBytesAreRead() throws IOException {
		// the central directory says 10 bytes; the entry inflates to 5 MB
		Path file = zip(new Entry("bomb.png", new byte[5 * 1024 * 1024]));
		patchDeclaredSize(file, "bomb.png", 10);
		assertThat(BatchZip.inspect(file, LIMITS).declaredSize()).isEqualTo(10);
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> readAll(file, LIMITS))
			.withMessageContaining("zip bomb");
	}

	@Test
	void anEntryOverTheSizeLimitBecomesAnErrorRowWithoutBeingInflated() throws IOException {
		Path file = zip(new Entry("big.png", bytes(3000, 7), true), new Entry("small.png", bytes(10, 1)));
		BatchLimits small = limits(10, DataSize.ofBytes(1000), DataSize.ofMegabytes(10));
		List<BatchItem> items = readAll(file, small);
		assertThat(items).hasSize(2);
		assertThat(items.get(0).error()).contains("3000 bytes").contains("limit is 1000");
		assertThat(items.get(1).failed()).isFalse();
	}

	@Test
	void refusesAnArchiveThatUncompressesToMoreThanTheTotalLimit() throws IOException {
		Path file = zip(new Entry("a.png", bytes(600, 1), true), new Entry("b.png", bytes(600, 2), true));
		BatchLimits total = limits(10, DataSize.ofBytes(1000), DataSize.ofBytes(1000));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, total))
			.withMessageContaining("uncompresses to more than");
	}

	@Test
	void refusesAFileThatIsNotAZip() throws IOException {
		Path file = Files.writeString(this.dir.resolve("x.zip"), "id,comment_text\n1,hello\n");
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, LIMITS))
			.withMessageContaining("not a zip")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
		assertThat(BatchZip.looksLikeZip(Files.readAllBytes(file))).isFalse();
		assertThat(BatchZip.looksLikeZip(Files.readAllBytes(zip(new Entry("a.png", bytes(1, 1)))))).isTrue();
	}

	@Test
	void aCorruptEntryBecomesAnErrorRow() throws IOException {
		Path file = zip(new Entry("a.png", bytes(4000, 9)), new Entry("b.png", bytes(10, 1)));
		// the first entry's deflate stream starts with a reserved block type
		byte[] raw = Files.readAllBytes(file);
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		raw[30 + buffer.getShort(26) + buffer.getShort(28)] = (byte) 0xff;
		Files.write(file, raw);
		List<BatchItem> items = readAll(file, LIMITS);
		assertThat(items.get(0).error()).contains("corrupt");
		assertThat(items.get(1).failed()).isFalse();
	}

	@Test
	void refusesAnArchiveWhoseNamesAreNotUtf8AsMalformedNotAsACrash() throws IOException {
		Path file = Files.createTempFile(this.dir, "latin1", ".zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file),
				java.nio.charset.StandardCharsets.ISO_8859_1)) {
			out.putNextEntry(new ZipEntry("caf\u00e9.png"));
			out.write(bytes(10, 1));
		}
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, LIMITS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> readAll(file, LIMITS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	/** The crash input the fuzzer found (BatchZipFuzzTestInputs/...). */
	static byte[] endRecordPointingPastTheFile() throws IOException {
		try (java.io.InputStream in = BatchZipTest.class.getResourceAsStream(
				"BatchZipFuzzTestInputs/readsWithinLimitsOrRefusesWithBatchInputException/crash-end-record-points-past-the-file")) {
			return in.readAllBytes();
		}
	}

	@Test
	void refusesAZipWhoseEndRecordPointsPastTheFileAsMalformedNotAsAnIoError() throws IOException {
		// ZipFile threw a bare EOFException for it: a 500 instead of a 400
		Path file = Files.write(Files.createTempFile(this.dir, "fuzz", ".zip"), endRecordPointingPastTheFile());
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.inspect(file, LIMITS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED))
			.withMessage("The file is not a readable zip: its end record points past the end of the file.");
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> BatchZip.open(file, LIMITS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	/** Rewrites the uncompressed size of one entry in the central directory. */
	static void patchDeclaredSize(Path file, String name, int size) throws IOException {
		byte[] raw = Files.readAllBytes(file);
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		for (int i = 0; i + 46 < raw.length; i++) {
			if (buffer.getInt(i) == 0x02014b50 && buffer.getShort(i + 28) == nameBytes.length && java.util.Arrays
				.equals(raw, i + 46, i + 46 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
				buffer.putInt(i + 24, size);
			}
		}
		Files.write(file, raw);
	}

}
