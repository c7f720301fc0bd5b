package io.deepdock.launcher.processes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleFilterTests {

	static final String INFO = "2026-12-03T07:40:00.123Z  INFO 1234 --- [deepdock] [main] i.d.w.WebappApplication : Started";

	static final String WARN = "2026-12-03T07:40:01.456Z  WARN 1234 --- [deepdock] [main] o.s.b.Foo : low memory";

	static final String ERROR = "2026-12-03T07:40:02.789Z ERROR 1234 --- [deepdock] [main] o.s.b.Bar : it broke";

	@Test
	void showsWarningsAndErrorsWithTheirStackTracesAndNoInfoChatter() {
		ConsoleFilter filter = new ConsoleFilter(false);
		assertThat(List.of(INFO, "\tinfo continued", WARN, ERROR, "java.lang.IllegalStateException: no",
				"\tat io.deepdock.X.y(X.java:1)", INFO, "\tat not shown"))
			.filteredOn(filter::shows)
			.containsExactly(WARN, ERROR, "java.lang.IllegalStateException: no", "\tat io.deepdock.X.y(X.java:1)");
	}

	@Test
	void showsWhatTheJvmPrintsOutsideARecordOnlyWhenItIsAFailure() {
		ConsoleFilter filter = new ConsoleFilter(false);
		assertThat(filter.shows("  .   ____          _            __ _ _")).isFalse();
		assertThat(filter.shows("Error: Unable to access jarfile x.jar")).isTrue();
		assertThat(filter.shows("2026/12/03 07:40:00 [emerg] 12#12: bind() to 0.0.0.0:8108 failed")).isTrue();
	}

	@Test
	void showsEverythingWhenAskedTo() {
		assertThat(new ConsoleFilter(true).shows(INFO)).isTrue();
	}

	@Test
	void theConsoleEchoesOnlyTheFilteredLinesOfAFollowedLog(@TempDir Path directory) throws IOException {
		Path log = directory.resolve("webapp-1.log");
		Files.writeString(log, INFO + "\n" + WARN + "\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ConsoleEcho echo = new ConsoleEcho(new PrintStream(out, true, StandardCharsets.UTF_8), false)) {
			echo.follow("webapp-1", log);
		}
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[webapp-1] " + WARN + System.lineSeparator());
	}

}
