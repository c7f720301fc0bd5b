package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkerUserTests {

	@TempDir
	Path directory;

	@Test
	void aDirectoryThatOthersMayNotPassThroughBlocksTheWorkers() throws IOException {
		Path open = Files.createDirectories(this.directory.resolve("open/static"));
		Path closed = Files.createDirectories(this.directory.resolve("closed/home/media"));
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwx--x--x"));
		Files.setPosixFilePermissions(open.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(closed.getParent().getParent(), PosixFilePermissions.fromString("rwx------"));

		assertThat(WorkerUser.blocking(java.util.List.of(open, closed)))
			.containsExactly(closed.getParent().getParent());
	}

	@Test
	void theMediaDirectoryIsHandedOverToTheWorkersGroupWithWhatItAlreadyHeld() throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")), "only root may give a file to nogroup");
		Path media = Files.createDirectory(this.directory.resolve("media"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path older = Files.createDirectories(media.resolve("results/2026/11")).resolve("old.csv");
		Files.writeString(older, "a,b\n");
		Files.setPosixFilePermissions(older, PosixFilePermissions.fromString("rw-------"));

		WorkerUser.shareMedia(media);

		assertThat(attributes(media).group().getName()).isEqualTo(WorkerUser.GROUP);
		assertThat(Integer.toOctalString((Integer) Files.getAttribute(media, "unix:mode") & 07777)).isEqualTo("2750");
		assertThat(attributes(older).group().getName()).isEqualTo(WorkerUser.GROUP);
		assertThat(PosixFilePermissions.toString(attributes(older).permissions())).isEqualTo("rw-r-----");
		// what a service writes later joins the group through the setgid bit
		Path later = Files.createDirectories(media.resolve("datasets")).resolve("new.ddi");
		Files.writeString(later, "x");
		assertThat(attributes(later).group().getName()).isEqualTo(WorkerUser.GROUP);
	}

	private static PosixFileAttributes attributes(Path path) throws IOException {
		return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
	}

}
