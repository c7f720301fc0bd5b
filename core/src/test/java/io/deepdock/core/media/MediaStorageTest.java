package io.deepdock.core.media;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.security.MessageDigest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaStorageTest {

	@TempDir
	Path root;

	MediaStorage media;

	@BeforeEach
	void setUp() {
		this.media = new MediaStorage(this.root, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
	}

	@Test
	void writesUnderAGeneratedNameWithSizeAndSha256() throws Exception {
		byte[] bytes = "hello media".getBytes(StandardCharsets.UTF_8);
		StoredFile stored = this.media.write("datasets/digits", "ddi", (out) -> out.write(bytes));
		assertThat(stored.path()).matches("datasets/digits/2026/11/[0-9a-f-]{36}\\.ddi");
		assertThat(stored.size()).isEqualTo(bytes.length);
		assertThat(stored.sha256())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
		try (InputStream in = this.media.open(stored.path())) {
			assertThat(in.readAllBytes()).isEqualTo(bytes);
		}
	}

	@Test
	void aStoredFileIsReadableByItsGroupForNginxsWorkersAndByNoOneElse() throws Exception {
		StoredFile stored = this.media.write("results", "csv", (out) -> out.write(1));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.root.resolve(stored.path()))))
			.isEqualTo("rw-r-----");
	}

	@Test
	void twoWritesNeverShareAName() throws Exception {
		StoredFile a = this.media.write("uploads", "png", (out) -> out.write(1));
		StoredFile b = this.media.write("uploads", "png", (out) -> out.write(1));
		assertThat(a.path()).isNotEqualTo(b.path());
	}

	@Test
	void aFailedWriteLeavesNoFileBehind() throws Exception {
		assertThatThrownBy(() -> this.media.writeAt("checkpoints/job-1/latest.zip", (out) -> {
			out.write(new byte[100]);
			throw new java.io.IOException("disk full");
		})).hasMessage("disk full");
		assertThat(this.media.exists("checkpoints/job-1/latest.zip")).isFalse();
		try (var files = Files.list(this.root.resolve(MediaStorage.TMP))) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void aNewFileIsWrittenStraightToItsGeneratedNameWithoutATemporaryFile() throws Exception {
		Files.delete(this.root.resolve(MediaStorage.TMP));

		StoredFile stored = this.media.write("uploads/digits", "png", (out) -> out.write(new byte[] { 7, 8 }));

		assertThat(Files.readAllBytes(this.root.resolve(stored.path()))).containsExactly(7, 8);
		assertThat(this.root.resolve(MediaStorage.TMP)).doesNotExist();
	}

	@Test
	void aFailedWriteOfANewFileLeavesNoPartOfItUnderItsName() throws Exception {
		assertThatThrownBy(() -> this.media.write("uploads/digits", "png", (out) -> {
			out.write(new byte[100]);
			throw new java.io.IOException("disk full");
		})).hasMessage("disk full");
		try (var files = Files.walk(this.root.resolve("uploads"))) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
	}

	@Test
	void aNewFileIsStillWrittenWhenItsDirectoryWasRemovedSinceTheLastOne() throws Exception {
		StoredFile first = this.media.write("uploads/digits", "png", (out) -> out.write(1));
		Path month = this.root.resolve(first.path()).getParent();
		Files.delete(this.root.resolve(first.path()));
		Files.delete(month);

		StoredFile second = this.media.write("uploads/digits", "png", (out) -> out.write(2));

		assertThat(Files.readAllBytes(this.root.resolve(second.path()))).containsExactly(2);
	}

	@Test
	void aGeneratedDirectoryThatIsALinkOutOfTheRootIsRefused(@TempDir Path outside) throws Exception {
		Files.createDirectories(this.root.resolve("uploads/digits/2026"));
		Files.createSymbolicLink(this.root.resolve("uploads/digits/2026/11"), outside);

		assertThatThrownBy(() -> this.media.write("uploads/digits", "png", (out) -> out.write(1)))
			.isInstanceOf(MediaPathException.class);
		try (var files = Files.list(outside)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void replacesAFileAtomicallyAtAChosenPath() throws Exception {
		this.media.writeAt("checkpoints/job-1/latest.zip", (out) -> out.write(1));
		StoredFile second = this.media.writeAt("checkpoints/job-1/latest.zip", (out) -> out.write(new byte[] { 2, 3 }));
		assertThat(second.size()).isEqualTo(2);
		try (InputStream in = this.media.open("checkpoints/job-1/latest.zip")) {
			assertThat(in.readAllBytes()).containsExactly(2, 3);
		}
	}

	@Test
	void refusesPathsThatLeaveTheRoot() {
		for (String path : new String[] { "../etc/passwd", "a/../../b", "/etc/passwd", "a/./b", "a\\..\\b", "",
				"a\0b" }) {
			assertThatThrownBy(() -> this.media.resolve(path)).as(path).isInstanceOf(MediaPathException.class);
		}
	}

	@Test
	void refusesASymbolicLinkThatPointsOutsideTheRoot(@TempDir Path outside) throws Exception {
		Files.writeString(outside.resolve("secret.txt"), "secret");
		Files.createSymbolicLink(this.root.resolve("escape"), outside);
		assertThatThrownBy(() -> this.media.open("escape/secret.txt")).isInstanceOf(MediaPathException.class);
		assertThatThrownBy(() -> this.media.writeAt("escape/new.txt", (out) -> out.write(1)))
			.isInstanceOf(MediaPathException.class);
		assertThat(outside.resolve("new.txt")).doesNotExist();
	}

	@Test
	void refusesCategoriesAndExtensionsThatAreNotPlainNames() {
		assertThatThrownBy(() -> this.media.write("../x", "png", (out) -> out.write(1)))
			.isInstanceOf(MediaPathException.class);
		assertThatThrownBy(() -> this.media.write("uploads", "png/../../x", (out) -> out.write(1)))
			.isInstanceOf(MediaPathException.class);
	}

	@Test
	void readVerifiedRefusesBytesThatChangedSinceTheyWereWritten() throws Exception {
		StoredFile stored = this.media.write("models/digits", "zip", (out) -> out.write(new byte[] { 1, 2, 3 }));
		Files.write(this.media.resolve(stored.path()), new byte[] { 1, 2, 4 });
		assertThatThrownBy(() -> this.media.readVerified(stored.path(), stored.sha256()))
			.isInstanceOf(ChecksumMismatchException.class)
			.hasMessageContaining(stored.sha256());
	}

}
