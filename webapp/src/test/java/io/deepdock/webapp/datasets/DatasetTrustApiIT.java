package io.deepdock.webapp.datasets;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST|DELETE /api/v1/datasets/{id}/trust}: an admin vouches for a dataset or
 * withdraws it; a user may not; an unknown id and a built-in dataset's trust are problem
 * details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.replica=trust-api-it", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
class DatasetTrustApiIT {

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

	final JsonMapper json = JsonMapper.builder().build();

	Dataset dataset(DatasetOrigin origin, Long owner) {
		return this.datasets.save(new Dataset(ApiClient.uniqueName("trust"), "toxicity", origin, owner, 1, "80/20", 6,
				"{\"train\":[],\"test\":[]}"));
	}

	long idOf(ApiClient client) {
		return this.json.readTree(client.get("/api/v1/auth/me").body()).get("id").asLong();
	}

	JsonNode body(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

	@Test
	void anAdminMarksAnUploadTrustedAndWithdrawsTheTrust() {
		ApiClient admin = TestAdmin.admin(this.port);
		ApiClient user = TestAdmin.newUser(this.port, "owner");
		Dataset upload = dataset(DatasetOrigin.UPLOAD, idOf(user));
		assertThat(upload.isTrusted()).isFalse();

		JsonNode trusted = body(admin.post("/api/v1/datasets/" + upload.getId() + "/trust", ""), 200);
		assertThat(trusted.get("trusted").asBoolean()).isTrue();
		assertThat(trusted.get("trustedAt").isNull()).isFalse();
		Dataset stored = this.datasets.findById(upload.getId()).orElseThrow();
		assertThat(stored.isTrusted()).isTrue();
		assertThat(stored.getTrustedBy()).isEqualTo(idOf(admin));
		// marking it again changes nothing
		assertThat(body(admin.post("/api/v1/datasets/" + upload.getId() + "/trust", ""), 200).get("trustedAt"))
			.isEqualTo(trusted.get("trustedAt"));

		JsonNode withdrawn = body(admin.send("DELETE", "/api/v1/datasets/" + upload.getId() + "/trust", null), 200);
		assertThat(withdrawn.get("trusted").asBoolean()).isFalse();
		assertThat(this.datasets.findById(upload.getId()).orElseThrow().isTrusted()).isFalse();
	}

	@Test
	void aUserMayNotMarkADatasetTrustedNotEvenTheirOwn() {
		ApiClient user = TestAdmin.newUser(this.port, "vouch");
		Dataset own = dataset(DatasetOrigin.UPLOAD, idOf(user));
		HttpResponse<String> refused = user.post("/api/v1/datasets/" + own.getId() + "/trust", "");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(user.send("DELETE", "/api/v1/datasets/" + own.getId() + "/trust", null).statusCode()).isEqualTo(403);
		assertThat(this.datasets.findById(own.getId()).orElseThrow().isTrusted()).isFalse();
	}

	@Test
	void trustingAnUnknownDatasetIsANotFoundProblem() {
		ApiClient admin = TestAdmin.admin(this.port);
		for (String method : new String[] { "POST", "DELETE" }) {
			HttpResponse<String> response = admin.send(method, "/api/v1/datasets/987654321/trust",
					method.equals("POST") ? "" : null);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = body(response, 404);
			assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/not-found");
			assertThat(problem.get("title").asString()).isEqualTo("Not found");
			assertThat(problem.get("detail").asString()).contains("987654321");
		}
	}

	@Test
	void aBuiltinDatasetIsAlwaysTrustedAndItsTrustCannotBeWithdrawn() {
		ApiClient admin = TestAdmin.admin(this.port);
		Dataset builtin = dataset(DatasetOrigin.BUILTIN, null);
		assertThat(builtin.isTrusted()).isTrue();
		JsonNode problem = body(admin.send("DELETE", "/api/v1/datasets/" + builtin.getId() + "/trust", null), 409);
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/conflict");
		assertThat(problem.get("title").asString()).isEqualTo("Conflict");
		assertThat(problem.get("detail").asString()).contains("built in");
		assertThat(this.datasets.findById(builtin.getId()).orElseThrow().isTrusted()).isTrue();
		assertThat(
				body(admin.post("/api/v1/datasets/" + builtin.getId() + "/trust", ""), 200).get("trusted").asBoolean())
			.isTrue();
	}

}
