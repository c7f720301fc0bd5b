package io.deepdock.launcher.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTests {

	@TempDir
	Path directory;

	@Test
	void quotesTheLastLinesWithoutTrailingBlanks() throws IOException {
		Path log = this.directory.resolve("webapp-1.log");
		Files.writeString(log,
				IntStream.rangeClosed(1, 50).mapToObj((i) -> "line " + i).collect(Collectors.joining("\n")) + "\n\n");
		assertThat(LogTail.lastLines(log, 3)).containsExactly("line 48", "line 49", "line 50");
		assertThat(LogTail.quote(log, 2)).isEqualTo("    | line 49\n    | line 50\n");
	}

	@Test
	void readsOnlyTheEndOfAHugeLog() throws IOException {
		Path log = this.directory.resolve("big.log");
		Files.writeString(log, "x".repeat(200_000) + "\nlast\n");
		assertThat(LogTail.lastLines(log, 20)).containsExactly("last");
	}

	@Test
	void aMissingLogSaysSo() {
		assertThat(LogTail.lastLines(this.directory.resolve("none.log"), 5)).singleElement()
			.asString()
			.startsWith("(cannot read");
	}

}
