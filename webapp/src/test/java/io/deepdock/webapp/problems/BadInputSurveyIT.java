package io.deepdock.webapp.problems;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.deepdock.core.datasets.ImageZips;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A survey of bad input: each row is sent to the running API and must get its own 4xx RFC
 * 9457 problem (status, {@code type} and {@code title} as listed), never a 500. The rows
 * are the table in {@code docs/bad-inputs.md}, which
 * {@link #theDocumentedTableIsTheTestedOne()} keeps in step. (Bad images need a served
 * model and are in {@code PredictApiIT}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSurveyIT {

	static final Path media;

	static {
		try {
			media = Files.createTempDirectory("bad-input-survey-media");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	static final String BASE = "https://deepdock.io/problems/";

	/** One bad input, what it must get, and the request that sends it. */
	record Row(String input, int status, String type, String title, Supplier<HttpResponse<String>> request) {

		String markdown() {
			return "| " + this.input + " | " + this.status + " | `" + this.type + "` | " + this.title
					+ " | BadInputSurveyIT |";
		}

	}

	@LocalServerPort
	int port;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient user;

	ApiClient admin;

	long jobOfOther;

	@BeforeAll
	void users() {
		this.user = TestAdmin.newUser(this.port, "survey");
		this.admin = TestAdmin.admin(this.port);
		HttpResponse<String> other = TestAdmin.newUser(this.port, "other")
			.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
		this.jobOfOther = this.json.readTree(other.body()).get("id").asLong();
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("empty text to predict (`{\"text\":\"   \"}`)", 400, BASE + "invalid-input", "Invalid input",
				() -> this.user.post("/api/v1/predict/toxicity", "{\"text\":\"   \"}")));
		rows.add(new Row("text over 10,000 characters to predict", 400, BASE + "invalid-input", "Invalid input",
				() -> this.user.post("/api/v1/predict/toxicity", "{\"text\":\"" + "a".repeat(10_001) + "\"}")));
		rows.add(new Row("unknown task to predict (`/api/v1/predict/cifar`)", 404, BASE + "not-found", "Not found",
				() -> this.user.post("/api/v1/predict/cifar", "{\"text\":\"x\"}")));
		rows.add(new Row("unknown task to train (`\"task\":\"cifar\"`)", 400, BASE + "invalid-parameters",
				"Invalid training parameters",
				() -> this.user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"cifar\"}")));
		rows.add(new Row("malformed JSON body (`{not json`)", 400, "about:blank", "Bad Request",
				() -> this.user.post("/api/v1/jobs", "{not json")));
		rows.add(new Row("JSON of the wrong type (`\"epochs\":\"many\"`)", 400, "about:blank", "Bad Request",
				() -> this.user.post("/api/v1/jobs",
						"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":\"many\"}}")));
		rows.add(new Row("wrong content type (`text/plain` to `POST /api/v1/jobs`)", 415, "about:blank",
				"Unsupported Media Type",
				() -> this.user.send(this.user.request("/api/v1/jobs")
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("TRAIN digits")))));
		rows.add(new Row("wrong content type (`text/plain` to predict)", 415, "about:blank", "Unsupported Media Type",
				() -> this.user.send(this.user.request("/api/v1/predict/digits")
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("7")))));
		rows.add(new Row("wrong method (`DELETE /api/v1/jobs`)", 405, "about:blank", "Method Not Allowed",
				() -> this.user.send("DELETE", "/api/v1/jobs", null)));
		rows.add(new Row("unknown job id", 404, BASE + "not-found", "Not found",
				() -> this.user.get("/api/v1/jobs/987654321")));
		rows.add(new Row("another user's job id", 404, BASE + "not-found", "Not found",
				() -> this.user.get("/api/v1/jobs/" + this.jobOfOther)));
		rows.add(new Row("unknown value in a list filter (`?state=SLEEPING`)", 400, "about:blank", "Bad Request",
				() -> this.user.get("/api/v1/jobs?state=SLEEPING")));
		rows.add(new Row("negative page (`?page=-1`)", 400, BASE + "invalid-paging", "Invalid paging or sorting",
				() -> this.user.get("/api/v1/jobs?page=-1")));
		rows.add(new Row("huge size (`?size=1000000`)", 400, BASE + "invalid-paging", "Invalid paging or sorting",
				() -> this.user.get("/api/v1/predictions?size=1000000")));
		rows.add(new Row("unknown sort property (`?sort=nosuchfield`)", 400, BASE + "invalid-paging",
				"Invalid paging or sorting", () -> this.user.get("/api/v1/datasets?sort=nosuchfield")));
		rows.add(new Row("bad cron (`0 25 * * *`)", 400, BASE + "invalid-schedule", "Invalid schedule",
				() -> this.admin.post("/api/v1/schedules", "{\"task\":\"digits\",\"cron\":\"0 25 * * *\"}")));
		rows.add(new Row("out-of-range hyper-parameters (`epochs: 0`, `batchSize: 100000`)", 400,
				BASE + "invalid-parameters", "Invalid training parameters", () -> this.user.post("/api/v1/jobs",
						"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":0,\"batchSize\":100000}}")));
		rows.add(new Row("dataset zip with a `../` entry", 400, BASE + "unsafe-batch", "Unsafe batch file",
				() -> upload("digits", "evil.zip", traversalZip())));
		rows.add(new Row("dataset file that is not a zip", 415, BASE + "unsupported-batch-format",
				"Unsupported batch file",
				() -> upload("digits", "notes.zip", "just text".getBytes(StandardCharsets.UTF_8))));
		rows.add(new Row("toxicity CSV not in UTF-8 (ISO-8859-1)", 400, BASE + "invalid-csv", "Not a toxicity CSV",
				() -> upload("toxicity", "comments.csv",
						("id,comment_text,t\u00f6xic,severe_toxic,obscene,threat,"
								+ "insult,identity_hate\n1,\"gr\u00fc\u00dfe\",0,0,0,0,0,0\n")
							.getBytes(StandardCharsets.ISO_8859_1))));
		rows.add(new Row("empty upload", 400, BASE + "empty-upload", "Empty upload",
				() -> upload("toxicity", "empty.csv", new byte[0])));
		// issue 12, medium 4 and low 13: inputs that once reached a 500
		rows.add(new Row("password of 40 `€` to register (40 characters but 120 UTF-8 bytes; bcrypt takes 72 bytes)",
				400, BASE + "invalid-request", "Invalid request",
				() -> ApiClient.at(this.port)
					.post("/api/v1/auth/register", "{\"username\":\"" + ApiClient.uniqueName("euro")
							+ "\",\"password\":\"" + "\u20ac".repeat(40) + "\"}")));
		rows.add(new Row("NUL (`\\u0000`) in a JSON string (token name)", 400, BASE + "invalid-text",
				"Text that cannot be stored", () -> this.user.post("/api/v1/auth/tokens", "{\"name\":\"a\\u0000b\"}")));
		rows.add(new Row("NUL (`\\u0000`) in a JSON string (text to predict)", 400, BASE + "invalid-text",
				"Text that cannot be stored",
				() -> this.user.post("/api/v1/predict/toxicity", "{\"text\":\"nice\\u0000\"}")));
		rows.add(new Row("NUL (`%00`) in a query parameter (`?sort=id%00`)", 400, BASE + "rejected-request",
				"Request refused", () -> this.user.get("/api/v1/jobs?sort=id%00")));
		rows.add(new Row("NUL (`%00`) in the path (`/api/v1/predict/%00`)", 400, BASE + "rejected-request",
				"Request refused", () -> this.user.post("/api/v1/predict/%00", "{\"text\":\"x\"}")));
		rows.add(new Row("NUL in a multipart field (dataset upload `task`)", 400, BASE + "rejected-request",
				"Request refused", () -> upload("toxic\u0000ity", "comments.csv", toxicityCsv())));
		rows.add(new Row("NUL in an HTTP Basic user name", 401, BASE + "unauthorized", "Authentication required",
				() -> ApiClient.at(this.port).as("sur\u0000vey", "whatever-password").get("/api/v1/auth/me")));
		rows.add(new Row("page past the last row an `int` offset reaches (`?page=2147483647`)", 400,
				BASE + "invalid-paging", "Invalid paging or sorting",
				() -> this.user.get("/api/v1/jobs?page=2147483647&size=100")));
		rows.add(new Row("page past the last row an `int` offset reaches, on a list paged in memory", 400,
				BASE + "invalid-paging", "Invalid paging or sorting",
				() -> this.user.get("/api/v1/auth/tokens?page=2147483647")));
		rows.add(new Row("id past a `long` (`/api/v1/jobs/99999999999999999999`)", 400, "about:blank", "Bad Request",
				() -> this.user.get("/api/v1/jobs/99999999999999999999")));
		rows.add(new Row("unknown enum value in a filter (`?trigger=NEVER`)", 400, "about:blank", "Bad Request",
				() -> this.user.get("/api/v1/jobs?trigger=NEVER")));
		rows.add(new Row("number too large for its field (`\"epochs\": 99999999999`)", 400, "about:blank",
				"Bad Request", () -> this.user.post("/api/v1/jobs",
						"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":99999999999}}")));
		rows.add(new Row("unknown time zone in a schedule (`\"zone\":\"Mars/Olympus\"`)", 400,
				BASE + "invalid-schedule", "Invalid schedule", () -> this.admin.post("/api/v1/schedules",
						"{\"task\":\"digits\",\"cron\":\"0 0 3 * * *\",\"zone\":\"Mars/Olympus\"}")));
		rows.add(
				new Row("cron longer than its column (a valid expression of 103 characters)", 400,
						BASE + "invalid-schedule", "Invalid schedule",
						() -> this.admin.post("/api/v1/schedules", "{\"task\":\"digits\",\"cron\":\"0 0 3 "
								+ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 "
								+ "1,2,3,4,5,6 *\"}")));
		rows.add(new Row("toxicity CSV with an ASCII header and a Latin-1 body (the whole file is checked)", 400,
				BASE + "invalid-csv", "Not a toxicity CSV", () -> upload("toxicity", "comments.csv", latin1Body())));
		return rows;
	}

	@Test
	void everyBadInputGetsItsOwn4xxProblemNeverA500() {
		List<String> wrong = new ArrayList<>();
		for (Row row : rows()) {
			HttpResponse<String> response = row.request().get();
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			String type = "";
			String title = "";
			if (contentType.startsWith("application/problem+json")) {
				JsonNode problem = this.json.readTree(response.body());
				// RFC 9457: no type means about:blank
				type = problem.has("type") ? problem.get("type").asString() : "about:blank";
				title = problem.path("title").asString("");
				if (problem.path("status").asInt() != response.statusCode()
						|| problem.path("detail").asString("").isBlank()) {
					wrong.add(row.input() + ": the problem lacks a status or a detail: " + response.body());
				}
			}
			if (response.statusCode() != row.status() || !type.equals(row.type()) || !title.equals(row.title())) {
				wrong.add(row.input() + ": expected " + row.status() + " " + row.type() + " \"" + row.title()
						+ "\", got " + response.statusCode() + " " + contentType + " " + type + " \"" + title + "\" "
						+ response.body());
			}
		}
		assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
	}

	@Test
	void theDocumentedTableIsTheTestedOne() throws Exception {
		String document = Files.readString(Path.of("../docs/bad-inputs.md"));
		for (Row row : rows()) {
			assertThat(document).as("docs/bad-inputs.md lists: " + row.markdown()).contains(row.markdown());
		}
	}

	byte[] traversalZip() {
		try {
			Map<String, byte[]> entries = new LinkedHashMap<>();
			for (int digit = 0; digit < 10; digit++) {
				entries.put(digit + "/ok.png", ImageZips.png(digit, 1));
			}
			entries.put("7/../../../etc/evil.png", ImageZips.png(7, 2));
			return ImageZips.zip(entries);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] toxicityCsv() {
		return "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n1,\"hello\",0,0,0,0,0,0\n"
			.getBytes(StandardCharsets.UTF_8);
	}

	/** Far past the header (and any first buffer), one Latin-1 word. */
	static byte[] latin1Body() {
		return ("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
				+ "1,\"fine\",0,0,0,0,0,0\n".repeat(10_000) + "2,\"gr\u00fc\u00dfe\",0,0,0,0,0,0\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	HttpResponse<String> upload(String task, String fileName, byte[] file) {
		String boundary = "deepdock-survey-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\n" + task + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(file);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return this.user.send(this.user.request("/api/v1/datasets")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

}
