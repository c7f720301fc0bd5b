package io.deepdock.launcher.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateFilesTests {

	@TempDir
	Path directory;

	@Test
	void aWrittenFileIsOwnerOnlyAndReplacesAWorldReadableOne() throws IOException {
		Path file = this.directory.resolve("lb.conf");
		Files.writeString(file, "old");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		PrivateFiles.write(file, "new");

		assertThat(file).hasContent("new");
		assertThat(mode(file)).isEqualTo("rw-------");
		assertThat(this.directory).isDirectoryNotContaining("glob:**.tmp");
	}

	@Test
	void aCreatedLogIsOwnerOnlyAndAnOlderOneIsTightened() throws IOException {
		Path created = this.directory.resolve("logs/webapp-1.log");
		Path older = this.directory.resolve("worker-1.log");
		Files.writeString(older, "kept");
		Files.setPosixFilePermissions(older, PosixFilePermissions.fromString("rw-r--r--"));

		PrivateFiles.create(created);
		PrivateFiles.create(older);

		assertThat(mode(created)).isEqualTo("rw-------");
		assertThat(mode(older)).isEqualTo("rw-------");
		assertThat(older).hasContent("kept");
	}

	@Test
	void theStateDirectoryKeepsLogsRunStateAndMediaPrivateAndLetsNginxsWorkersThroughToItsTemporaryFiles()
			throws IOException {
		Layout layout = new Layout(this.directory, this.directory.resolve(".deepdock"));

		layout.createDirectories();

		assertThat(mode(layout.home())).isEqualTo("rwx--x--x");
		assertThat(mode(layout.logs())).isEqualTo("rwx------");
		assertThat(mode(layout.run())).isEqualTo("rwx------");
		assertThat(mode(layout.media())).isEqualTo("rwx------");
		assertThat(mode(layout.nginx())).isEqualTo("rwx--x--x");
	}

	@Test
	void anOlderWorldReadableLogsDirectoryIsTightened() throws IOException {
		Layout layout = new Layout(this.directory, this.directory.resolve(".deepdock"));
		Files.createDirectories(layout.logs());
		Files.setPosixFilePermissions(layout.logs(), PosixFilePermissions.fromString("rwxr-xr-x"));

		layout.createDirectories();

		assertThat(mode(layout.logs())).isEqualTo("rwx------");
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
