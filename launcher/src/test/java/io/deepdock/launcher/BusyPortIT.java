package io.deepdock.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BusyPortIT {

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
	void unknownCommandPrintsUsage() throws IOException, InterruptedException {
		DeepdockCli.Result result = new DeepdockCli(this.home, Map.of()).run(60, "restart");
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.output()).contains("unknown command 'restart'").contains("usage: ./deepdock");
	}

}
