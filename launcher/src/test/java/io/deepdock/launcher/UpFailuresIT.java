package io.deepdock.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import io.deepdock.embedded.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./deepdock up} when it cannot work: it says why, and leaves nothing running.
 */
class UpFailuresIT {

	@TempDir
	Path home;

	@Test
	void upRefusesABusyPortBeforeStartingAnything() throws Exception {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int port = taken.getLocalPort();

			DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(120, "up", "--port",
					Integer.toString(port));

			assertThat(result.code()).as(result.output()).isEqualTo(1);
			assertThat(result.output()).contains("port " + port + " on 127.0.0.1 is already in use")
				.contains("--port")
				.doesNotContain("Embedded PostgreSQL");
		}
		assertThat(this.home.resolve("postgres")).doesNotExist();
	}

	@Test
	void aServiceThatCannotStartIsNamedWithItsLogAndEverythingStops() throws Exception {
		// a heap too small to boot a JVM: the scheduler dies at once
		DeepdockCli deepdock = new DeepdockCli(this.home, Map.of("DEEPDOCK_SCHEDULER_XMX", "1k"));

		DeepdockCli.Result result = deepdock.run(300, "up", "--web", "1", "--workers", "0", "--no-nginx", "--port",
				Integer.toString(FreePorts.find()));

		assertThat(result.code()).as(result.output()).isEqualTo(1);
		Path log = this.home.resolve("logs/scheduler-1.log").toAbsolutePath();
		assertThat(result.output())
			.contains("scheduler-1 exited with code 1 before it was ready. Its log " + log + " ends with:")
			.contains("    | Too small maximum heap")
			.contains("deepdock stopped");
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(this.home.toString()))).isEmpty();
	}

	@Test
	void unknownCommandPrintsUsage() throws IOException, InterruptedException {
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(60, "restart");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.output()).contains("unknown command 'restart'").contains("usage: ./deepdock");
	}

}
