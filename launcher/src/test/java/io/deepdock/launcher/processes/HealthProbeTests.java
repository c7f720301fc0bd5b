package io.deepdock.launcher.processes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTests {

	@Test
	void readsTheTopLevelStatusNotAComponents() {
		assertThat(HealthProbe.statusOf(503,
				"{\"components\":{\"db\":{\"status\":\"UP\"},\"rabbit\":{\"status\":\"DOWN\"}},\"status\":\"DOWN\"}"))
			.isEqualTo("DOWN");
		assertThat(HealthProbe.statusOf(200, "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"))
			.isEqualTo("UP");
	}

	@Test
	void anythingElseIsItsHttpStatus() {
		assertThat(HealthProbe.statusOf(502, "<html>Bad Gateway</html>")).isEqualTo("HTTP 502");
		assertThat(HealthProbe.statusOf(404, "{\"error\":\"Not Found\"}")).isEqualTo("HTTP 404");
	}

	@Test
	void nothingListeningIsUnreachable() {
		assertThat(new HealthProbe().status("http://127.0.0.1:1/actuator/health")).isEqualTo(HealthProbe.UNREACHABLE);
	}

}
