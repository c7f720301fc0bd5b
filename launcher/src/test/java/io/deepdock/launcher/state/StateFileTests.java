package io.deepdock.launcher.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StateFileTests {

	@TempDir
	Path directory;

	@Test
	void readsBackWhatItWrote() {
		StateFile file = new StateFile(this.directory.resolve("run/state.json"));
		RunState state = new RunState(42, "2026-11-22T00:00:00Z", RunState.UP, "http://127.0.0.1:8080/", "/h",
				new RunState.Infrastructure("embedded", "jdbc:postgresql://127.0.0.1:5/deepdock", "amqp://127.0.0.1:6",
						45),
				new RunState.Nginx(43, 8080, 8081, 8082, "/h/nginx/nginx.conf", "/h/nginx/error.log"),
				List.of(new RunState.Service("webapp-1", "webapp", 44, 9000, "/h/logs/webapp-1.log",
						"http://127.0.0.1:9000/actuator/health")));

		file.write(state);

		assertThat(file.read()).contains(state);
		assertThat(this.directory.resolve("run")).isDirectoryNotContaining("glob:**.tmp");
	}

	@Test
	void theStateFileIsOwnerOnly() throws IOException {
		StateFile file = new StateFile(this.directory.resolve("run/state.json"));

		file.write(new RunState(42, "2026-11-22T00:00:00Z", RunState.UP, "http://127.0.0.1:8080/", "/h",
				new RunState.Infrastructure("embedded", "jdbc:postgresql://127.0.0.1:5/deepdock", "amqp://127.0.0.1:6",
						45),
				null, List.of()));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
	}

	@Test
	void aRolledOutReplicaKeepsItsNameAndLogWithTheSuccessorsPidAndPort() {
		RunState state = new RunState(42, "2026-11-22T00:00:00Z", RunState.UP, "http://127.0.0.1:8080/", "/h",
				new RunState.Infrastructure("embedded", "jdbc:postgresql://127.0.0.1:5/deepdock", "amqp://127.0.0.1:6",
						45),
				null,
				List.of(new RunState.Service("webapp-1", "webapp", 44, 9000, "/h/logs/webapp-1.log",
						"http://127.0.0.1:9000/actuator/health"),
						new RunState.Service("webapp-2", "webapp", 46, 9001, "/h/logs/webapp-2.log",
								"http://127.0.0.1:9001/actuator/health")));

		RunState after = state.withService("webapp-1", 50, 9100, "http://127.0.0.1:9100/actuator/health");

		assertThat(after.services()).containsExactly(new RunState.Service("webapp-1", "webapp", 50, 9100,
				"/h/logs/webapp-1.log", "http://127.0.0.1:9100/actuator/health"), state.services().get(1));
	}

	@Test
	void aMissingOrUnreadableFileIsNoState() throws IOException {
		StateFile file = new StateFile(this.directory.resolve("state.json"));
		assertThat(file.read()).isEmpty();
		Files.writeString(file.path(), "{ not json");
		assertThat(file.read()).isEmpty();
		file.delete();
		assertThat(file.path()).doesNotExist();
	}

	@Test
	void stateWithoutNginxRoundTrips() {
		StateFile file = new StateFile(this.directory.resolve("state.json"));
		RunState state = new RunState(1, "t", RunState.STARTING, "u", "h",
				new RunState.Infrastructure("external", "jdbc:x", "amqp://y", 0), null, List.of());
		file.write(state);
		assertThat(file.read()).contains(state);
	}

}
