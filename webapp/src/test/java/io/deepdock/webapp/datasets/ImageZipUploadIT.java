package io.deepdock.webapp.datasets;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.deepdock.core.datasets.ImageZips;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.ml.Task;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading a zip of images in class folders: checked before it is accepted (safe names,
 * limits, known class folders), stored under a generated name, and queued for import; the
 * import (run here as the worker runs it) registers a dataset whose counts the list
 * shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.batch.max-items=200", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
// the worker's importer, run here by hand: the webapp itself does not instantiate it
@Import(DatasetImporter.class)
class ImageZipUploadIT {

	static final String[] DIGITS = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	JobRepository jobs;

	@Autowired
	DatasetImporter importer;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	Topology topology;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient user;

	@BeforeEach
	void logIn() {
		this.user = TestAdmin.newUser(this.port, "zipper");
	}

	@AfterEach
	void emptyQueue() {
		this.admin.purgeQueue(this.topology.importQueue(), false);
	}

	HttpResponse<String> upload(ApiClient caller, Map<String, String> fields, String fileName, byte[] file) {
		String boundary = "deepdock-zip-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
					+ "\"\r\n\r\n" + field.getValue() + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/zip\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(file);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return caller.send(caller.request("/api/v1/datasets")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	long zipsInMedia() throws Exception {
		Path uploads = media.resolve("uploads/datasets");
		if (!Files.isDirectory(uploads)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(uploads)) {
			return files.filter((f) -> f.toString().endsWith(".zip")).count();
		}
	}

	@Test
	void anUploadedZipIsQueuedAndOnceImportedTheListShowsItsCountsPerClass() throws Exception {
		byte[] zip = ImageZips.zip(DIGITS, new int[] { 5, 5, 5, 5, 5, 5, 5, 10, 5, 6 }, 1);
		HttpResponse<String> response = upload(this.user, Map.of("task", "digits", "name", "my-digits"),
				"../../my <digits>.zip", zip);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		Job job = this.jobs.findById(this.json.readTree(response.body()).path("id").asLong()).orElseThrow();
		assertThat(job.getType()).isEqualTo(JobType.IMPORT_DATASET);
		JsonNode payload = this.json.readTree(job.getPayload());
		assertThat(payload.path("task").asString()).isEqualTo("digits");
		assertThat(payload.path("images").asInt()).isEqualTo(56);
		// stored under a generated name; the user's is display text only
		assertThat(payload.path("upload").asString()).startsWith("uploads/datasets/")
			.endsWith(".zip")
			.doesNotContain("digits>");
		assertThat(payload.path("fileName").asString()).isEqualTo("my <digits>.zip");

		// what the worker's ImportJob does with the payload
		this.importer.importImageZip(payload.path("upload").asString(), payload.path("sha256").asString(), Task.DIGITS,
				payload.path("name").asString(), job.getOwnerId(), (step) -> {
				}, (dataset) -> {
				});
		JsonNode list = this.json.readTree(this.user.get("/api/v1/datasets?size=100").body());
		JsonNode mine = null;
		for (JsonNode dataset : list.path("content")) {
			if (dataset.path("name").asString().equals("my-digits")) {
				mine = dataset;
			}
		}
		assertThat(mine).as(list.toString()).isNotNull();
		assertThat(mine.path("origin").asString()).isEqualTo("UPLOAD");
		assertThat(mine.path("classCounts").path("train").get(7).asInt()).isEqualTo(8);
		assertThat(mine.path("classCounts").path("test").get(7).asInt()).isEqualTo(2);
		assertThat(mine.path("classCounts").path("test").get(9).asInt()).isEqualTo(1);
		assertThat(mine.path("files").findValues("examples").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(56);
		// another user does not see it
		ApiClient other = TestAdmin.newUser(this.port, "other");
		assertThat(other.get("/api/v1/datasets").body()).doesNotContain("my-digits");
	}

	@Test
	void anUnknownClassFolderIsRefusedNamingTheFolderAndNothingIsKept() throws Exception {
		long before = this.jobs.count();
		long stored = zipsInMedia();
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 12; i++) {
			entries.put("Sneaker/s" + i + ".png", ImageZips.png(7, i));
		}
		entries.put("Jacket/j.png", ImageZips.png(4, 1));
		HttpResponse<String> response = upload(this.user, Map.of("task", "fashion"), "clothes.zip",
				ImageZips.zip(entries));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("unknown class folder 'Jacket'").contains("Ankle boot");
		assertThat(this.jobs.count()).isEqualTo(before);
		assertThat(zipsInMedia()).isEqualTo(stored);
	}

	@Test
	void traversalNamesAreRefusedAndNothingIsKept() throws Exception {
		long stored = zipsInMedia();
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("7/../../../etc/evil.png", ImageZips.png(7, 1));
		HttpResponse<String> response = upload(this.user, Map.of("task", "digits"), "evil.zip", ImageZips.zip(entries));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("path traversal");
		assertThat(zipsInMedia()).isEqualTo(stored);
	}

	@Test
	void tooManyImagesAreRefusedAsTooLarge() throws Exception {
		int[] counts = new int[10];
		java.util.Arrays.fill(counts, 21);
		HttpResponse<String> response = upload(this.user, Map.of("task", "digits"), "big.zip",
				ImageZips.zip(DIGITS, counts, 2));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("200");
	}

	@Test
	void aFileThatIsNotAZipIsRefusedAsUnsupported() {
		HttpResponse<String> response = upload(this.user, Map.of("task", "fashion"), "clothes.zip",
				ImageZips.png(1, 1));
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).contains("not a zip");
	}

	@Test
	void tooFewImagesAreRefused() {
		HttpResponse<String> response = upload(this.user, Map.of("task", "digits"), "few.zip",
				ImageZips.zip(DIGITS, new int[] { 2, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, 3));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("at least 10");
	}

}
