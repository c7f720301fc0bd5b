package io.deepdock.launcher.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.layout.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LogsCommandTests {

	@TempDir
	Path home;

	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	LogsCommand command() {
		Layout layout = Layout.resolve(this.home, this.home.toString(), null);
		return new LogsCommand(layout, new PrintStream(this.out, true, StandardCharsets.UTF_8));
	}

	@Test
	void printsOneServicesWholeLog() throws IOException {
		LogsCommand command = command();
		Path log = command.file("worker-1");
		Files.createDirectories(log.getParent());
		Files.writeString(log, "first\nsecond\n");
		assertThat(command.run(new Invocation.Logs(this.home, "worker-1", false))).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
	}

	@Test
	void followingPrintsOnlyWhatWasAppendedAndStartsAgainWhenTheFileIsReplaced() throws IOException {
		LogsCommand command = command();
		Path log = command.file("webapp-1");
		Files.createDirectories(log.getParent());
		Files.writeString(log, "one\n");
		long position = command.print(log, 0);
		Files.writeString(log, "one\ntwo\n");
		position = command.print(log, position);
		Files.writeString(log, "new\n");
		command.print(log, position);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nnew\n");
	}

	@Test
	void anUnknownServiceNamesTheOnesThatHaveALog() throws IOException {
		LogsCommand command = command();
		Path log = command.file("scheduler");
		Files.createDirectories(log.getParent());
		Files.writeString(log, "x\n");
		assertThatExceptionOfType(DeepdockException.class)
			.isThrownBy(() -> command.run(new Invocation.Logs(this.home, "webapp-9", false)))
			.withMessageContaining("no log of 'webapp-9'")
			.withMessageContaining("scheduler");
	}

}
