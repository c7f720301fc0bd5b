package io.deepdock.webapp.datasets;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.webapp.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading a toxicity CSV: the header is checked before anything is stored, the file is
 * streamed to media and an import job is queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class DatasetUploadIT {

	static final String HEADER = Uploads.TOXICITY_HEADER;

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
	MediaStorage storage;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	Topology topology;

	ApiClient user;

	@org.junit.jupiter.api.BeforeEach
	void logIn() {
		this.user = TestAdmin.newUser(this.port, "uploader");
	}

	final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void emptyQueue() {
		this.admin.purgeQueue(this.topology.importQueue(), false);
	}

	HttpResponse<String> upload(Map<String, String> fields, byte[] file) throws Exception {
		return Uploads.post(this.user, "/api/v1/datasets", fields, "../comments.csv", file);
	}

	@Test
	void aToxicityCsvIsStoredAndItsImportQueued() throws Exception {
		byte[] csv = (HEADER + "1,\"hello there\",0,0,0,0,0,0\n").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = upload(Map.of("task", "toxicity", "name", "comments"), csv);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		long id = this.json.readTree(response.body()).path("id").asLong();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
		Job job = this.jobs.findById(id).orElseThrow();
		assertThat(job.getType()).isEqualTo(JobType.IMPORT_DATASET);
		// the uploader's own: the dataset it makes is theirs
		long me = this.json.readTree(this.user.get("/api/v1/auth/me").body()).path("id").asLong();
		assertThat(job.getOwnerId()).isEqualTo(me);
		JsonNode payload = this.json.readTree(job.getPayload());
		assertThat(payload.path("name").asString()).isEqualTo("comments");
		assertThat(payload.path("fileName").asString()).isEqualTo("comments.csv");
		String path = payload.path("upload").asString();
		assertThat(path).startsWith("uploads/datasets/").endsWith(".csv").doesNotContain("comments");
		assertThat(this.storage.readVerified(path, payload.path("sha256").asString())).isEqualTo(csv);
	}

	@Test
	void aFileThatIsNotAToxicityCsvIsRefusedBeforeAnythingIsStored() throws Exception {
		long before = this.jobs.count();
		HttpResponse<String> wrongHeader = upload(Map.of("task", "toxicity"),
				"id,text,label\n1,hi,0\n".getBytes(StandardCharsets.UTF_8));
		assertThat(wrongHeader.statusCode()).isEqualTo(400);
		assertThat(wrongHeader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(wrongHeader.body()).contains("comment_text").contains("identity_hate");
		HttpResponse<String> notUtf8 = upload(Map.of("task", "toxicity"),
				"id,comment_text,t\u00f6xic\n".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(notUtf8.statusCode()).isEqualTo(400);
		assertThat(notUtf8.body()).contains("UTF-8");
		assertThat(upload(Map.of("task", "toxicity"), new byte[0]).statusCode()).isEqualTo(400);
		HttpResponse<String> imageTask = upload(Map.of("task", "digits"), HEADER.getBytes(StandardCharsets.UTF_8));
		// an image task takes a zip of class folders (ImageZipUploadIT), not a CSV
		assertThat(imageTask.statusCode()).isEqualTo(415);
		assertThat(imageTask.body()).contains("not a zip");
		assertThat(upload(Map.of("task", "toxicity", "name", "../etc"), HEADER.getBytes(StandardCharsets.UTF_8))
			.statusCode()).isEqualTo(400);
		assertThat(upload(Map.of("task", "toxicity"), null).statusCode()).isEqualTo(400);
		assertThat(this.jobs.count()).isEqualTo(before);
	}

}
