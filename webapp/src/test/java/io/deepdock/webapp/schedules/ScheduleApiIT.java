package io.deepdock.webapp.schedules;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.embedded.test.WithInfrastructure;
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

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json");
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

		assertThat(this.json.readTree(send("GET", "/api/v1/schedules", null).body())
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
