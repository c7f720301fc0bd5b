package io.deepdock.webapp.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.webapp.problems.Echo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request must not take a replica down (it runs with {@code -Xmx384m} and
 * {@code ExitOnOutOfMemoryError}): bodies over their route's limit are refused with a 413
 * problem, by their {@code Content-Length} or while a chunked body is read; Jackson
 * refuses what fits in a small body and still costs; a refusal never sends a long
 * rejected value back; the pixels of a canvas are 784 finite values from 0 to 255, and
 * every other number a user sends refuses NaN and infinity. After each refusal the
 * replica still answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIT {

	static final String TOO_LARGE = "https://deepdock.io/problems/too-large";

	static final Path media;

	static {
		try {
			media = Files.createTempDirectory("request-limits-media");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	RequestLimits limits;

	@Autowired
	MultipartProperties multipart;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient user;

	ApiClient admin;

	@BeforeAll
	void users() {
		this.user = TestAdmin.newUser(this.port, "limits");
		this.admin = TestAdmin.admin(this.port);
	}

	@Test
	void refusesA99MegabyteRegistrationByItsContentLengthUnreadAndKeepsServing() throws IOException {
		// the attack: 99 MB declared; the answer comes after the first kilobyte
		String response = raw("POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 99000000\r\nConnection: close\r\n\r\n"
				+ "{\"username\":\"" + "a".repeat(1000));

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains(TOO_LARGE);
		assertThat(problemOf(response).path("detail").asString()).contains("128 KB");
		stillServes();
	}

	@Test
	void rejectsJsonBodyLargerThanLimitWithAProblem() {
		HttpResponse<String> response = this.user.anonymous()
			.post("/api/v1/auth/register", "{\"username\":\"" + "a".repeat(200_000) + "\",\"password\":\"x\"}");

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).path("type").asString()).isEqualTo(TOO_LARGE);
		stillServes();
	}

	@Test
	void refusesAChunkedBodyOverTheLimitWhileReadingIt() throws IOException {
		StringBuilder request = new StringBuilder("POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
		chunk(request, "{\"username\":\"");
		String kilobytes = "a".repeat(8192);
		for (int i = 0; i < 20; i++) {
			chunk(request, kilobytes);
		}
		chunk(request, "\",\"password\":\"a-long-test-password\"}");
		request.append("0\r\n\r\n");

		String response = raw(request.toString());

		assertThat(response).startsWith("HTTP/1.1 413").contains(TOO_LARGE);
		stillServes();
	}

	@Test
	void aChunkedBodyUnderTheLimitStillWorks() throws IOException {
		String name = ApiClient.uniqueName("chunked");
		StringBuilder request = new StringBuilder("POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
		chunk(request, "{\"username\":\"" + name + "\",");
		chunk(request, "\"password\":\"a-long-test-password\"}");
		request.append("0\r\n\r\n");

		assertThat(raw(request.toString())).startsWith("HTTP/1.1 201");
	}

	@Test
	void refusesAHugePixelsArrayBeforeParsingIt() throws IOException {
		StringBuilder pixels = new StringBuilder("{\"pixels\":[0");
		pixels.append(",0".repeat(5_000_000));
		pixels.append("]}");

		HttpResponse<String> response = this.user.post("/api/v1/predict/digits", pixels.toString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(this.json.readTree(response.body()).path("type").asString()).isEqualTo(TOO_LARGE);
		stillServes();
	}

	@Test
	void refusesNonFiniteOrOutOfRangePixelsNamingTheIndex() {
		for (String bad : List.of("\"NaN\"", "\"Infinity\"", "1e39", "-1", "255.5", "-1e39")) {
			HttpResponse<String> response = this.user.post("/api/v1/predict/digits",
					"{\"pixels\":[" + "0,".repeat(17) + bad + ",0".repeat(784 - 18) + "]}");

			assertThat(response.statusCode()).as(bad + ": " + response.body()).isEqualTo(400);
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.path("type").asString()).isEqualTo("https://deepdock.io/problems/invalid-input");
			assertThat(problem.path("detail").asString()).as(bad).contains("pixels[17]").contains("0").contains("255");
		}
		HttpResponse<String> tooMany = this.user.post("/api/v1/predict/digits",
				"{\"pixels\":[0" + ",0".repeat(784) + "]}");
		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(tooMany.body()).contains("expected 784 pixels");
		// nothing was predicted, so nothing was stored
		assertThat(this.json.readTree(this.user.get("/api/v1/predictions").body())
			.path("page")
			.path("totalElements")
			.asLong()).isZero();
	}

	@Test
	void nonFiniteTrainingParametersAndImprovementsAreRefused() {
		for (String parameter : List.of("\"learningRate\":\"NaN\"", "\"learningRate\":\"Infinity\"",
				"\"learningRate\":1e999", "\"validationFraction\":\"NaN\"", "\"validationFraction\":\"-Infinity\"")) {
			HttpResponse<String> response = this.user.post("/api/v1/jobs",
					"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{" + parameter + "}}");

			assertThat(response.statusCode()).as(parameter + ": " + response.body()).isEqualTo(400);
		}
		for (String improvement : List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"")) {
			HttpResponse<String> job = this.user.post("/api/v1/jobs",
					"{\"type\":\"TRAIN\",\"task\":\"digits\",\"minImprovement\":" + improvement + "}");
			HttpResponse<String> schedule = this.admin.post("/api/v1/schedules",
					"{\"task\":\"digits\",\"cron\":\"0 3 * * *\",\"minImprovement\":" + improvement + "}");

			assertThat(job.statusCode()).as(improvement + ": " + job.body()).isEqualTo(400);
			assertThat(schedule.statusCode()).as(improvement + ": " + schedule.body()).isEqualTo(400);
			assertThat(this.json.readTree(schedule.body()).path("errors").toString()).contains("minImprovement");
		}
	}

	@Test
	void aProblemDetailNeverEchoesMoreThan64CharactersOfARejectedValue() {
		String huge = "x".repeat(100_000);
		List<HttpResponse<String>> responses = List.of(
				this.user.anonymous()
					.post("/api/v1/auth/register", "{\"username\":\"" + huge + "\",\"password\":\"a-long-password\"}"),
				this.user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"" + huge + "\"}"),
				this.user.post("/api/v1/jobs",
						"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"architecture\":\"" + huge + "\"}}"),
				// three fields under the body limit together
				this.admin.post("/api/v1/schedules",
						"{\"task\":\"" + huge.substring(0, 30_000) + "\",\"cron\":\"" + huge.substring(0, 30_000)
								+ "\",\"zone\":\"" + huge.substring(0, 30_000) + "\"}"),
				this.admin.post("/api/v1/schedules",
						"{\"task\":\"digits\",\"cron\":\"0 3 * * *\",\"zone\":\"" + huge + "\"}"),
				this.user.post("/api/v1/predict/" + "y".repeat(4000), "{\"text\":\"x\"}"),
				this.user.get("/api/v1/jobs?state=" + "z".repeat(4000)));

		for (HttpResponse<String> response : responses) {
			assertThat(response.statusCode()).as(response.body()).isBetween(400, 404);
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.path("detail").asString()).isNotBlank()
				.doesNotContain("x".repeat(Echo.MAX_CHARACTERS + 1))
				.doesNotContain("y".repeat(Echo.MAX_CHARACTERS + 1))
				.doesNotContain("z".repeat(Echo.MAX_CHARACTERS + 1));
			for (JsonNode error : problem.path("errors")) {
				assertThat(error.path("rejectedValue").asString().length()).as(error.toString())
					.isLessThanOrEqualTo(Echo.MAX_CHARACTERS + " (100000 characters)".length() + 1);
				assertThat(error.path("message").asString()).doesNotContain("x".repeat(Echo.MAX_CHARACTERS + 1));
			}
			// the path the client chose, cut too
			assertThat(problem.path("instance").asString().length()).isLessThanOrEqualTo(Echo.MAX_INSTANCE_CHARACTERS);
			assertThat(response.body().length()).as(response.body()).isLessThan(3000);
		}
		assertThat(this.json.readTree(responses.get(0).body()).path("errors").toString()).contains("100000 characters");
	}

	@Test
	void jsonNestedDeeperThanTheLimitIsRefusedWhileParsing() {
		int depth = this.limits.json().maxNestingDepth() + 1;
		// an unknown property, which Jackson would otherwise skip
		HttpResponse<String> response = this.user.post("/api/v1/predict/toxicity",
				"{\"text\":\"hello\",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
	}

	@Test
	void aNumberLongerThanTheLimitIsRefusedWhileParsing() {
		String number = "1" + "0".repeat(this.limits.json().maxNumberLength());
		HttpResponse<String> response = this.user.post("/api/v1/predict/toxicity",
				"{\"text\":\"hello\",\"big\":" + number + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
	}

	@Test
	void springsMultipartLimitIsTheUploadLimit() {
		assertThat(this.multipart.getMaxFileSize()).isEqualTo(this.limits.maxUploadSize());
		assertThat(this.multipart.getMaxRequestSize()).isEqualTo(this.limits.maxUploadSize());
	}

	@Test
	void anImageToPredictIsParsedInMemoryAndABatchUploadSpooledToDisk() {
		// a few-KB PNG: no temporary file written, read back and deleted per prediction
		assertThat(this.multipart.getFileSizeThreshold()).isEqualTo(DataSize.ofKilobytes(64));
		// a 200 MB upload: on disk, never in memory
		assertThat(this.multipart.getFileSizeThreshold().toBytes()).isLessThan(this.limits.maxUploadSize().toBytes());
	}

	/** The replica still answers: the same process, healthy, and registers a user. */
	void stillServes() {
		assertThat(this.user.anonymous().get("/actuator/health").statusCode()).isEqualTo(200);
		TestAdmin.newUser(this.port, "after");
	}

	JsonNode problemOf(String response) {
		return this.json.readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
	}

	static void chunk(StringBuilder request, String data) {
		request.append(Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length))
			.append("\r\n")
			.append(data)
			.append("\r\n");
	}

	/** Sends raw HTTP and answers everything the server sends back before it closes. */
	String raw(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before the whole body is written
			}
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) > 0;) {
					answer.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				// a reset after the answer
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
