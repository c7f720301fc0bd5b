package io.deepdock.webapp.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch uploads over real HTTP, PostgreSQL and broker: a good file is stored in media and
 * queued as a BATCH_PREDICT job; every kind of bad file is refused with a problem detail
 * naming the problem, and nothing of it stays in media; the results CSV downloads once
 * the job has succeeded. (The job itself runs on a worker: {@code BatchPredictJobIT}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.batch.max-items=5", "spring.servlet.multipart.max-file-size=2MB",
				"spring.servlet.multipart.max-request-size=2MB" })
@WithInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobSubmission submission;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient user;

	@org.junit.jupiter.api.BeforeEach
	void logIn() {
		this.user = TestAdmin.newUser(this.port, "batch");
	}

	final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Makes {@code task} have an ACTIVE version. Upload checks only ask the registry; the
	 * artifact is never loaded by them (fashion and toxicity, because another test class
	 * in this JVM expects digits to start without a model).
	 */
	void activeVersion(String task) throws IOException {
		if (this.registry.active(task).isPresent()) {
			return;
		}
		ModelVersion version = this.registry.register(task, null, null, "{}");
		StoredFile artifact = this.storage.write("models/" + task, "zip", (out) -> out.write(new byte[] { 1 }));
		this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		this.registry.promote(version.getId());
	}

	HttpResponse<String> upload(String task, String fileName, byte[] file) throws Exception {
		String boundary = "deepdock-batch-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (task != null) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\n" + task + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.write(file);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return this.user.send(this.user.request("/api/v1/jobs/batch")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	HttpResponse<String> get(String path) {
		return this.user.get(path);
	}

	static byte[] zip(String... names) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (String name : names) {
				zip.putNextEntry(new ZipEntry(name));
				zip.write(("image " + name).getBytes(StandardCharsets.UTF_8));
			}
		}
		return bytes.toByteArray();
	}

	/** Asserts a problem detail with this status and type, and returns its detail. */
	String problem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("/" + type);
		return problem.get("detail").asString();
	}

	/** Files under media's batches folder. */
	long storedBatches() throws IOException {
		Path batches = media.resolve("batches");
		if (!Files.exists(batches)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(batches)) {
			return files.filter(Files::isRegularFile).count();
		}
	}

	@Test
	@Order(1)
	void aTaskWithoutAnActiveModelIsRefusedWith503AndNothingIsStored() throws Exception {
		HttpResponse<String> response = upload("toxicity", "texts.csv",
				"comment_text\nhello\n".getBytes(StandardCharsets.UTF_8));
		problem(response, 503, "no-model");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(storedBatches()).isZero();
	}

	@Test
	@Order(2)
	void aZipOfImagesIsStoredInMediaAndQueuedAsABatchJob() throws Exception {
		activeVersion("fashion");
		byte[] zip = zip("shoes/", "shoes/1.png", "shoes/2.png", "__MACOSX/shoes/._1.png", "3.jpg");
		HttpResponse<String> response = upload("fashion", "my shoes.zip", zip);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode view = this.json.readTree(response.body());
		long id = view.get("id").asLong();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
		assertThat(view.get("type").asString()).isEqualTo("BATCH_PREDICT");
		assertThat(view.get("state").asString()).isEqualTo("QUEUED");
		JsonNode payload = view.get("payload");
		assertThat(payload.get("task").asString()).isEqualTo("fashion");
		assertThat(payload.get("format").asString()).isEqualTo("ZIP");
		assertThat(payload.get("items").asInt()).isEqualTo(3);
		assertThat(payload.get("fileName").asString()).isEqualTo("my shoes.zip");
		String path = payload.get("input").asString();
		assertThat(path).startsWith("batches/fashion/").endsWith(".zip");
		assertThat(this.storage.sha256Of(path)).isEqualTo(payload.get("sha256").asString());
		assertThat(Files.readAllBytes(this.storage.resolve(path))).isEqualTo(zip);
		// queued through the outbox, like every job
		assertThat(this.jobs.findById(id).orElseThrow().getState()).isEqualTo(JobState.QUEUED);
	}

	@Test
	@Order(3)
	void unsafeOversizedOrWrongZipsAreRefusedNamingTheProblemAndNothingIsKept() throws Exception {
		activeVersion("fashion");
		long before = storedBatches();
		assertThat(problem(upload("fashion", "x.zip", zip("ok.png", "../../etc/cron.d/evil.png")), 400, "unsafe-batch"))
			.contains("../../etc/cron.d/evil.png")
			.contains("path traversal");
		assertThat(problem(upload("fashion", "x.zip", zip("/etc/passwd")), 400, "unsafe-batch"))
			.contains("absolute path");
		assertThat(problem(upload("fashion", "x.zip", zip("1.png", "2.png", "3.png", "4.png", "5.png", "6.png")), 413,
				"batch-too-large"))
			.contains("more than 5 files");
		ByteArrayOutputStream bomb = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
			zip.putNextEntry(new ZipEntry("bomb.png"));
			zip.write(new byte[20 * 1024 * 1024]);
		}
		assertThat(problem(upload("fashion", "bomb.zip", bomb.toByteArray()), 413, "batch-too-large"))
			.contains("zip bomb");
		assertThat(problem(upload("fashion", "shoe.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 }),
				415, "unsupported-batch-format"))
			.contains("not a zip");
		// a zip's signature with no archive behind it
		assertThat(problem(upload("fashion", "cut.zip", new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 }), 400,
				"malformed-batch"))
			.contains("not a zip");
		assertThat(problem(upload("fashion", "empty.zip", zip("folder/")), 400, "empty-batch")).contains("no inputs");
		assertThat(storedBatches()).isEqualTo(before);
	}

	@Test
	@Order(4)
	void badCsvsAreRefusedNamingTheProblemAndNothingIsKept() throws Exception {
		activeVersion("toxicity");
		long before = storedBatches();
		assertThat(problem(upload("toxicity", "t.csv", "id,text\n1,hello\n".getBytes(StandardCharsets.UTF_8)), 400,
				"malformed-batch"))
			.contains("no comment_text column");
		byte[] latin1 = "comment_text\nfine\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(problem(upload("toxicity", "t.csv", latin1), 400, "malformed-batch")).contains("not valid UTF-8");
		byte[] longLine = ("comment_text\n" + "x".repeat(1024 * 1024) + "\n").getBytes(StandardCharsets.UTF_8);
		assertThat(problem(upload("toxicity", "t.csv", longLine), 413, "batch-too-large")).contains("line 2")
			.contains("longer than");
		assertThat(problem(upload("toxicity", "t.zip", zip("a.png")), 415, "unsupported-batch-format")).contains("CSV");
		assertThat(problem(upload("toxicity", "t.csv", new byte[0]), 400, "empty-batch")).contains("empty");
		assertThat(problem(upload("toxicity", "t.csv", "comment_text\n".getBytes(StandardCharsets.UTF_8)), 400,
				"empty-batch"))
			.contains("no inputs");
		assertThat(problem(upload("cifar", "t.csv", "comment_text\nx\n".getBytes(StandardCharsets.UTF_8)), 400,
				"unknown-task"))
			.contains("cifar");
		assertThat(upload(null, "t.csv", "comment_text\nx\n".getBytes(StandardCharsets.UTF_8)).statusCode())
			.isEqualTo(400);
		assertThat(storedBatches()).isEqualTo(before);
	}

	@Test
	@Order(5)
	void anUploadOverTheMultipartLimitIsA413ProblemDetail() throws Exception {
		// the limit is 2 MB in this test (200 MB by default, as nginx's
		// client_max_body_size)
		HttpResponse<String> response = upload("toxicity", "big.csv", new byte[3 * 1024 * 1024]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
	}

	@Test
	@Order(6)
	void theResultsCsvDownloadsOnceTheJobHasSucceeded() throws Exception {
		activeVersion("toxicity");
		HttpResponse<String> submitted = upload("toxicity", "t.csv",
				"id,comment_text\n1,hello\n2,you are nice\n".getBytes(StandardCharsets.UTF_8));
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		long id = this.json.readTree(submitted.body()).get("id").asLong();
		assertThat(problem(get("/api/v1/jobs/" + id + "/result"), 409, "conflict")).contains("QUEUED");

		// what the worker leaves (BatchPredictJobIT runs the real thing)
		String csv = "input,prediction_id,label,labels,p_toxic,error\n1,7,toxic,toxic,0.900000,\n";
		StoredFile results = this.storage.write("results/toxicity", "csv",
				(out) -> out.write(csv.getBytes(StandardCharsets.UTF_8)));
		this.jdbc.update("UPDATE job SET state = 'SUCCEEDED', result = ?::jsonb WHERE id = ?",
				"{\"results\":\"" + results.path() + "\"}", id);
		HttpResponse<String> download = get("/api/v1/jobs/" + id + "/result");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((d) -> assertThat(d).startsWith("attachment").contains("job-" + id + "-results.csv"));
		assertThat(download.body()).isEqualTo(csv);
		// the admin may download it; another user may not even learn that it exists
		assertThat(TestAdmin.admin(this.port).get("/api/v1/jobs/" + id + "/result").statusCode()).isEqualTo(200);
		HttpResponse<String> other = TestAdmin.newUser(this.port, "other").get("/api/v1/jobs/" + id + "/result");
		assertThat(problem(other, 404, "not-found")).contains("There is no job " + id);

		assertThat(problem(get("/api/v1/jobs/987654321/result"), 404, "not-found")).contains("987654321");
		Job train = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null, "{\"task\":\"digits\"}");
		assertThat(
				problem(TestAdmin.admin(this.port).get("/api/v1/jobs/" + train.getId() + "/result"), 404, "not-found"))
			.contains("only batch predictions");
	}

}
