package io.deepdock.webapp.schedules;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Managing schedules over real HTTP and PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ScheduleApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	final JsonMapper json = JsonMapper.builder().build();

	HttpResponse<String> send(String method, String path, String body) {
		return TestAdmin.admin(this.port).send(method, path, body);
	}

	@Test
	void aScheduleIsCreatedReadChangedAndDeleted() throws Exception {
		HttpResponse<String> created = send("POST", "/api/v1/schedules", """
				{"task":"digits","cron":"0 3 * * *","minImprovement":0.002,"parameters":{"epochs":5}}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode schedule = this.json.readTree(created.body());
		long id = schedule.path("id").asLong();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/schedules/" + id);
		assertThat(schedule.path("description").asString()).isEqualTo("every day at 03:00 (UTC)");
		assertThat(schedule.path("enabled").asBoolean()).isTrue();
		assertThat(schedule.path("nextFireAt").asString()).endsWith("03:00:00Z");
		assertThat(schedule.path("parameters").path("epochs").asInt()).isEqualTo(5);

		assertThat(this.json.readTree(send("GET", "/api/v1/schedules?size=100", null).body())
			.path("content")
			.valueStream()
			.map((s) -> s.path("id").asLong())).contains(id);

		HttpResponse<String> changed = send("PUT", "/api/v1/schedules/" + id, """
				{"task":"digits","cron":"30 4 * * 1","zone":"Europe/Paris","enabled":false}""");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		JsonNode updated = this.json.readTree(send("GET", "/api/v1/schedules/" + id, null).body());
		assertThat(updated.path("description").asString()).startsWith("every Monday at 04:30");
		assertThat(updated.path("zone").asString()).isEqualTo("Europe/Paris");
		assertThat(updated.path("enabled").asBoolean()).isFalse();
		assertThat(updated.path("nextFireAt").isNull()).isTrue();

		assertThat(send("DELETE", "/api/v1/schedules/" + id, null).statusCode()).isEqualTo(204);
		HttpResponse<String> gone = send("GET", "/api/v1/schedules/" + id, null);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(send("DELETE", "/api/v1/schedules/" + id, null).statusCode()).isEqualTo(404);
		assertThat(send("PUT", "/api/v1/schedules/" + id, """
				{"task":"digits","cron":"0 3 * * *"}""").statusCode()).isEqualTo(404);
	}

	@Test
	void schedulesAreTheAdminsAlone() {
		ApiClient user = TestAdmin.newUser(this.port, "schedules");
		assertThat(user.get("/api/v1/schedules").statusCode()).isEqualTo(403);
		assertThat(user.post("/api/v1/schedules", "{\"task\":\"digits\",\"cron\":\"0 3 * * *\"}").statusCode())
			.isEqualTo(403);
		assertThat(ApiClient.at(this.port).get("/api/v1/schedules").statusCode()).isEqualTo(401);
	}

	@Test
	void anInvalidScheduleGetsAProblemListingEveryBrokenField() throws Exception {
		HttpResponse<String> refused = send("POST", "/api/v1/schedules", """
				{"task":"cifar","cron":"0 25 * * *","zone":"Nowhere/Land","minImprovement":3}""");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(refused.body());
		assertThat(problem.path("type").asString()).endsWith("/invalid-schedule");
		assertThat(problem.path("errors").valueStream().map((e) -> e.path("field").asString()))
			.containsExactlyInAnyOrder("task", "cron", "minImprovement");
		HttpResponse<String> tooOften = send("POST", "/api/v1/schedules", """
				{"task":"digits","cron":"* * * * *"}""");
		assertThat(tooOften.statusCode()).isEqualTo(400);
		assertThat(tooOften.body()).contains("shortest interval");
		assertThat(send("POST", "/api/v1/schedules", "{not json").statusCode()).isEqualTo(400);
	}

}
