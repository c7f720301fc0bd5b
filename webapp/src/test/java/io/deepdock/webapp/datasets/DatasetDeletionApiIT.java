package io.deepdock.webapp.datasets;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;
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
 * {@code DELETE /api/v1/datasets/{id}}: the owner deletes their dataset, its files go and
 * their storage quota is freed at once, while what was made from it keeps its rows;
 * another user's is a 404, one a queued job uses a 409, a built-in or trusted one the
 * admin's alone (403).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.replica=dataset-deletion-it", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
class DatasetDeletionApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	DatasetRepository datasets;

	@Autowired
	MediaStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Quotas quotas;

	@Autowired
	ModelRegistry registry;

	@Autowired
	JobLifecycle lifecycle;

	final JsonMapper json = JsonMapper.builder().build();

	long idOf(ApiClient client) {
		return this.json.readTree(client.get("/api/v1/auth/me").body()).get("id").asLong();
	}

	/** A dataset of {@code owner} with a train and a test file in media. */
	Dataset dataset(DatasetOrigin origin, Long owner) throws Exception {
		Dataset dataset = this.datasets.save(new Dataset(ApiClient.uniqueName("del"), "toxicity", origin, owner, 1,
				"80/20", 6, "{\"train\":[],\"test\":[]}"));
		for (String split : new String[] { "train", "test" }) {
			StoredFile file = this.storage.write("datasets/toxicity", "csv",
					(out) -> out.write(new byte[split.equals("train") ? 4000 : 1000]));
			this.jdbc.update(
					"INSERT INTO dataset_file (dataset_id, split, path, size_bytes, sha256, examples) VALUES (?, ?, ?, ?, ?, 1)",
					dataset.getId(), split, file.path(), file.size(), file.sha256());
		}
		return dataset;
	}

	java.util.List<String> paths(long datasetId) {
		return this.jdbc.queryForList("SELECT path FROM dataset_file WHERE dataset_id = ?", String.class, datasetId);
	}

	JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		return this.json.readTree(response.body());
	}

	@Test
	void theOwnerDeletesTheirDatasetItsFilesGoTheQuotaIsFreedAndWhatWasMadeFromItStays() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "deleter");
		ApiClient other = TestAdmin.newUser(this.port, "other");
		long ownerId = idOf(owner);
		Dataset dataset = dataset(DatasetOrigin.UPLOAD, ownerId);
		java.util.List<String> files = paths(dataset.getId());
		long model = this.registry.register("toxicity", dataset.getId(), null, "{}").getId();
		long job = this.json
			.readTree(
					owner
						.post("/api/v1/jobs",
								"{\"type\":\"TRAIN\",\"task\":\"toxicity\",\"datasetId\":" + dataset.getId() + "}")
						.body())
			.get("id")
			.asLong();
		this.lifecycle.start(job, "worker-sim");
		this.lifecycle.attachDataset(job, dataset.getId());
		this.lifecycle.fail(job, "out of memory");
		assertThat(this.quotas.storageUsed(ownerId)).isEqualTo(5000);

		assertThat(
				problem(other.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null), 404).get("type").asString())
			.isEqualTo("https://deepdock.io/problems/not-found");
		HttpResponse<String> deleted = owner.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(this.datasets.findById(dataset.getId())).isEmpty();
		assertThat(files).hasSize(2).noneMatch(this.storage::exists);
		assertThat(this.quotas.storageUsed(ownerId)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT dataset_id FROM model_version WHERE id = ?", Long.class, model))
			.as("the model version stays, without the link")
			.isNull();
		assertThat(this.jdbc.queryForObject("SELECT dataset_id FROM job WHERE id = ?", Long.class, job)).isNull();
		assertThat(problem(owner.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null), 404)).isNotNull();
	}

	@Test
	void aDatasetThatAQueuedTrainingNamesIsAConflictUntilTheJobEnds() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "busy");
		Dataset dataset = dataset(DatasetOrigin.UPLOAD, idOf(owner));
		HttpResponse<String> submitted = owner.post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"toxicity\",\"datasetId\":" + dataset.getId() + "}");
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		long job = this.json.readTree(submitted.body()).get("id").asLong();

		JsonNode refused = problem(owner.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null), 409);

		assertThat(refused.get("type").asString()).isEqualTo("https://deepdock.io/problems/dataset-in-use");
		assertThat(refused.get("detail").asString()).contains("job " + job);
		assertThat(paths(dataset.getId())).hasSize(2).allMatch(this.storage::exists);
		assertThat(owner.post("/api/v1/jobs/" + job + "/cancel", "").statusCode()).isEqualTo(200);
		assertThat(owner.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null).statusCode()).isEqualTo(204);
	}

	@Test
	void aTrustedOrBuiltinDatasetIsTheAdminsToDelete() throws Exception {
		ApiClient admin = TestAdmin.admin(this.port);
		ApiClient owner = TestAdmin.newUser(this.port, "trusted");
		Dataset trusted = dataset(DatasetOrigin.UPLOAD, idOf(owner));
		assertThat(admin.post("/api/v1/datasets/" + trusted.getId() + "/trust", "").statusCode()).isEqualTo(200);
		Dataset builtin = dataset(DatasetOrigin.BUILTIN, null);

		for (Dataset dataset : new Dataset[] { trusted, builtin }) {
			JsonNode refused = problem(owner.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null), 403);
			assertThat(refused.get("type").asString()).isEqualTo("https://deepdock.io/problems/dataset-protected");
			assertThat(this.datasets.findById(dataset.getId())).isPresent();
			assertThat(admin.send("DELETE", "/api/v1/datasets/" + dataset.getId(), null).statusCode()).isEqualTo(204);
		}
	}

}
