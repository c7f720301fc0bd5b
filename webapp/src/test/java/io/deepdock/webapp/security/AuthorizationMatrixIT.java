package io.deepdock.webapp.security;

import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the web app × (anonymous, user A, user B, admin) → the status each
 * must get, over real HTTP. User A owns the jobs and the prediction named in the paths; B
 * must not learn that they exist (404); models and built-in datasets are shared; promote,
 * roll back, built-in imports and marking a dataset trusted are the admin's.
 *
 * <p>
 * The endpoints are read from the application's own request mappings: an endpoint that is
 * not in {@link #matrix()} fails {@link #everyEndpointIsInTheMatrix()}, so whoever adds
 * one must decide who may call it. Each row is called in the order anonymous, B, A, admin
 * (it matters for rows that change state, e.g. a cancel).
 *
 * <p>
 * Personal API tokens: {@link #scopes()} names, for every endpoint, the scope a token
 * needs ({@code public}: no login at all; {@code none}: no token may). Each is checked
 * both ways: a token with only that scope gets past authorisation, a token with every
 * other scope its owner may have is refused with a 403 problem detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixIT {

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		// not a @TempDir: with a test instance per class, the context starts before those
		// are made
		registry.add("deepdock.media.dir", () -> {
			try {
				return java.nio.file.Files.createTempDirectory("deepdock-matrix").toString();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
	}

	/** One endpoint: how to call it, and the status each caller must get. */
	record Row(String endpoint, Supplier<String> path, String contentType, Supplier<byte[]> body, int anonymous,
			int userA, int userB, int admin) {
	}

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	ModelRegistry registry;

	@Autowired
	PredictionRepository predictions;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient anonymous;

	ApiClient userA;

	ApiClient userB;

	ApiClient admin;

	long jobOfA;

	long endedJobOfA;

	long queuedJobOfA;

	long predictionOfA;

	long modelVersion;

	long tokenOfA;

	long batchJobOfA;

	long schedule;

	long scheduleToDelete;

	long datasetOfA;

	long datasetToDeleteOfA;

	long modelVersionOfA;

	long batchJobToDeleteOfA;

	long imagePredictionOfA;

	@Autowired
	io.deepdock.core.datasets.DatasetRepository datasets;

	@Autowired
	io.deepdock.core.media.MediaStorage media;

	@Autowired
	io.deepdock.core.jobs.JobRepository jobs;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@BeforeAll
	void usersAndWhatAOwns() {
		this.anonymous = ApiClient.at(this.port);
		this.userA = TestAdmin.newUser(this.port, "a");
		this.userB = TestAdmin.newUser(this.port, "b");
		this.admin = TestAdmin.admin(this.port);
		this.jobOfA = submit(this.userA);
		this.endedJobOfA = submit(this.userA);
		assertThat(this.userA.post("/api/v1/jobs/" + this.endedJobOfA + "/cancel", "").statusCode()).isEqualTo(200);
		this.queuedJobOfA = submit(this.userA);
		long idOfA = this.json.readTree(this.userA.get("/api/v1/auth/me").body()).get("id").asLong();
		this.tokenOfA = this.json.readTree(this.userA.post("/api/v1/auth/tokens", "{\"name\":\"ci\"}").body())
			.get("id")
			.asLong();
		this.modelVersion = this.registry.register("toxicity", null, null, "{}").getId();
		this.predictionOfA = this.predictions
			.save(new Prediction("digits", idOfA, this.modelVersion, "7", "{\"7\":1.0}", 1000))
			.getId();
		// an image prediction keeps the 28x28 features its thumbnail is drawn from
		this.jdbc.update("UPDATE prediction SET features = ? WHERE id = ?", new byte[784], this.predictionOfA);
		// a batch job of A's that succeeded, with its results file
		this.batchJobOfA = this.jobs
			.save(new io.deepdock.core.jobs.Job(io.deepdock.core.contracts.JobType.BATCH_PREDICT,
					io.deepdock.core.contracts.JobTrigger.USER, idOfA, "{}"))
			.getId();
		try {
			String results = this.media
				.write("results/digits", "csv", (out) -> out.write("input,error\n".getBytes(StandardCharsets.UTF_8)))
				.path();
			this.jdbc.update("UPDATE job SET state = 'SUCCEEDED', result = ?::jsonb WHERE id = ?",
					"{\"results\":\"" + results + "\"}", this.batchJobOfA);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.datasetOfA = this.datasets
			.save(new io.deepdock.core.datasets.Dataset(ApiClient.uniqueName("matrix"), "toxicity",
					io.deepdock.core.datasets.DatasetOrigin.UPLOAD, idOfA, 1, "80/20", 6, "{\"train\":[],\"test\":[]}"))
			.getId();
		this.datasetToDeleteOfA = this.datasets
			.save(new io.deepdock.core.datasets.Dataset(ApiClient.uniqueName("matrix"), "toxicity",
					io.deepdock.core.datasets.DatasetOrigin.UPLOAD, idOfA, 1, "80/20", 6, "{\"train\":[],\"test\":[]}"))
			.getId();
		this.schedule = createSchedule();
		this.scheduleToDelete = createSchedule();
		try {
			// a version A trained (its TRAIN job ended), with its artifact
			this.modelVersionOfA = this.registry.register("toxicity", null, null, "{}").getId();
			this.jdbc.update("UPDATE job SET model_version_id = ? WHERE id = ?", this.modelVersionOfA,
					this.endedJobOfA);
			io.deepdock.core.media.StoredFile artifact = this.media.write("models/toxicity", "zip",
					(out) -> out.write(new byte[16]));
			this.registry.markReady(this.modelVersionOfA, "{}", artifact.path(), artifact.size(), artifact.sha256());
			// a batch of A's that succeeded, whose files A deletes
			this.batchJobToDeleteOfA = this.jobs
				.save(new io.deepdock.core.jobs.Job(io.deepdock.core.contracts.JobType.BATCH_PREDICT,
						io.deepdock.core.contracts.JobTrigger.USER, idOfA, "{}"))
				.getId();
			String results = this.media.write("results/digits", "csv", (out) -> out.write(new byte[8])).path();
			this.jdbc.update("UPDATE job SET state = 'SUCCEEDED', result = ?::jsonb WHERE id = ?",
					"{\"results\":\"" + results + "\"}", this.batchJobToDeleteOfA);
			// an online prediction of A's that stored its image
			String image = this.media.write("uploads/digits", "png", (out) -> out.write(new byte[8])).path();
			this.imagePredictionOfA = this.predictions
				.save(new Prediction("digits", idOfA, this.modelVersion, "7", "{\"7\":1.0}", 1000))
				.getId();
			this.jdbc.update("UPDATE prediction SET input_path = ?, input_bytes = 8 WHERE id = ?", image,
					this.imagePredictionOfA);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	long createSchedule() {
		HttpResponse<String> created = this.admin.post("/api/v1/schedules", SCHEDULE);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return this.json.readTree(created.body()).get("id").asLong();
	}

	static final String SCHEDULE = "{\"task\":\"digits\",\"cron\":\"0 3 * * *\",\"enabled\":false}";

	long submit(ApiClient user) {
		HttpResponse<String> response = user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return this.json.readTree(response.body()).get("id").asLong();
	}

	List<Row> matrix() {
		List<Row> rows = new ArrayList<>();
		// accounts
		rows.add(json(
				"POST /api/v1/auth/register", () -> "/api/v1/auth/register", () -> "{\"username\":\""
						+ ApiClient.uniqueName("m") + "\",\"password\":\"" + TestAdmin.USER_PASSWORD + "\"}",
				201, 201, 201, 201));
		rows.add(get("GET /api/v1/auth/me", () -> "/api/v1/auth/me", 401, 200, 200, 200));
		rows.add(json("POST /api/v1/auth/tokens", () -> "/api/v1/auth/tokens", () -> "{\"name\":\"m\"}", 401, 201, 201,
				201));
		rows.add(get("GET /api/v1/auth/tokens", () -> "/api/v1/auth/tokens", 401, 200, 200, 200));
		// B first (404), then A deletes it (204), then it is gone for the admin too
		rows.add(new Row("DELETE /api/v1/auth/tokens/{id}", () -> "/api/v1/auth/tokens/" + this.tokenOfA, null, null,
				401, 204, 404, 404));
		// datasets: the list holds the built-in ones and the caller's own
		rows.add(get("GET /api/v1/datasets", () -> "/api/v1/datasets", 401, 200, 200, 200));
		rows.add(json("POST /api/v1/datasets/import", () -> "/api/v1/datasets/import", () -> "{\"dataset\":\"digits\"}",
				401, 403, 403, 202));
		// anyone signed in may upload a dataset of their own
		rows.add(new Row("POST /api/v1/datasets multipart/form-data", () -> "/api/v1/datasets",
				"multipart/form-data; boundary=matrix",
				() -> multipart("task", "toxicity", "file", "comments.csv",
						"id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n1,hi,0,0,0,0,0,0\n"
							.getBytes(StandardCharsets.UTF_8)),
				401, 202, 202, 202));
		// only an admin vouches for a dataset, the owner included: trusted data trains
		// what everyone is served
		rows.add(json("POST /api/v1/datasets/{id}/trust", () -> "/api/v1/datasets/" + this.datasetOfA + "/trust",
				() -> "", 401, 403, 403, 200));
		// B first (404), then A deletes it (204), then it is gone for the admin too
		rows.add(new Row("DELETE /api/v1/datasets/{id}", () -> "/api/v1/datasets/" + this.datasetToDeleteOfA, null,
				null, 401, 204, 404, 404));
		rows.add(new Row("DELETE /api/v1/datasets/{id}/trust", () -> "/api/v1/datasets/" + this.datasetOfA + "/trust",
				null, null, 401, 403, 403, 200));
		// jobs: the list holds the caller's own (all for the admin)
		rows.add(get("GET /api/v1/jobs", () -> "/api/v1/jobs", 401, 200, 200, 200));
		rows.add(get("GET /api/v1/jobs/{id}", () -> "/api/v1/jobs/" + this.jobOfA, 401, 200, 404, 200));
		rows.add(get("GET /api/v1/jobs/{id}/events", () -> "/api/v1/jobs/" + this.endedJobOfA + "/events", 401, 200,
				404, 200));
		rows.add(json("POST /api/v1/jobs", () -> "/api/v1/jobs", () -> "{\"type\":\"TRAIN\",\"task\":\"digits\"}", 401,
				202, 202, 202));
		// B first (404), then A cancels (200), then the admin finds it ended (409)
		rows.add(json("POST /api/v1/jobs/{id}/cancel", () -> "/api/v1/jobs/" + this.queuedJobOfA + "/cancel", () -> "",
				401, 200, 404, 409));
		// batch: an empty file is refused (400) once the caller may submit; the results
		// are the owner's (and the admin's)
		rows.add(new Row("POST /api/v1/jobs/batch multipart/form-data", () -> "/api/v1/jobs/batch",
				"multipart/form-data; boundary=matrix", () -> multipart("task", "digits", "file", "b.zip", new byte[0]),
				401, 400, 400, 400));
		rows.add(get("GET /api/v1/jobs/{id}/result", () -> "/api/v1/jobs/" + this.batchJobOfA + "/result", 401, 200,
				404, 200));
		// B first (404), then A deletes the batch's files (204), then they are gone for
		// the admin too
		rows.add(new Row("DELETE /api/v1/jobs/{id}/result",
				() -> "/api/v1/jobs/" + this.batchJobToDeleteOfA + "/result", null, null, 401, 204, 404, 404));
		// schedules are the admin's
		rows.add(get("GET /api/v1/schedules", () -> "/api/v1/schedules", 401, 403, 403, 200));
		rows.add(json("POST /api/v1/schedules", () -> "/api/v1/schedules", () -> SCHEDULE, 401, 403, 403, 201));
		rows.add(get("GET /api/v1/schedules/{id}", () -> "/api/v1/schedules/" + this.schedule, 401, 403, 403, 200));
		rows.add(json("PUT /api/v1/schedules/{id}", () -> "/api/v1/schedules/" + this.schedule, () -> SCHEDULE, 401,
				403, 403, 200));
		rows.add(new Row("DELETE /api/v1/schedules/{id}", () -> "/api/v1/schedules/" + this.scheduleToDelete, null,
				null, 401, 403, 403, 204));
		// predictions: no model is served here, so an allowed predict answers 503
		rows.add(json("POST /api/v1/predict/{task} application/json", () -> "/api/v1/predict/toxicity",
				() -> "{\"text\":\"hello\"}", 401, 503, 503, 503));
		rows.add(new Row("POST /api/v1/predict/{task} multipart/form-data", () -> "/api/v1/predict/digits",
				"multipart/form-data; boundary=matrix", AuthorizationMatrixIT::multipartImage, 401, 503, 503, 503));
		rows.add(get("GET /api/v1/predictions", () -> "/api/v1/predictions", 401, 200, 200, 200));
		rows.add(get("GET /api/v1/predictions/{id}", () -> "/api/v1/predictions/" + this.predictionOfA, 401, 200, 404,
				200));
		// the thumbnail of an image input: the owner's and the admin's
		rows.add(get("GET /api/v1/predictions/{id}/image", () -> "/api/v1/predictions/" + this.predictionOfA + "/image",
				401, 200, 404, 200));
		// the image an online prediction stored: B first (404), then A deletes it (204),
		// then it is gone for the admin too
		rows.add(new Row("DELETE /api/v1/predictions/{id}/input",
				() -> "/api/v1/predictions/" + this.imagePredictionOfA + "/input", null, null, 401, 204, 404, 404));
		rows.add(json("POST /api/v1/predictions/{id}/feedback",
				() -> "/api/v1/predictions/" + this.predictionOfA + "/feedback", () -> "{\"label\":\"3\"}", 401, 200,
				404, 200));
		// models are shared read-only; promote and roll back are the admin's (409 here:
		// the version is not READY, and there is nothing to roll back to)
		rows.add(get("GET /api/v1/models", () -> "/api/v1/models?task=toxicity", 401, 200, 200, 200));
		rows.add(get("GET /api/v1/models/{id}", () -> "/api/v1/models/" + this.modelVersion, 401, 200, 200, 200));
		// a version A trained: B first (404), then A deletes it (204), then it is gone
		// for
		// the admin too
		rows.add(new Row("DELETE /api/v1/models/{id}", () -> "/api/v1/models/" + this.modelVersionOfA, null, null, 401,
				204, 404, 404));
		rows.add(json("POST /api/v1/models/{id}/promote", () -> "/api/v1/models/" + this.modelVersion + "/promote",
				() -> "", 401, 403, 403, 409));
		rows.add(json("POST /api/v1/models/rollback", () -> "/api/v1/models/rollback?task=toxicity", () -> "", 401, 403,
				403, 409));
		// the API's description is public
		rows.add(get("GET /api/docs.json", () -> "/api/docs.json", 200, 200, 200, 200));
		rows.add(get("GET /api/docs.json/swagger-config", () -> "/api/docs.json/swagger-config", 200, 200, 200, 200));
		rows.add(get("GET /api/docs.json.yaml", () -> "/api/docs.json.yaml", 200, 200, 200, 200));
		rows.add(get("GET /api/docs", () -> "/api/docs", 302, 302, 302, 302));
		// the pages: predict, login and registration are open to all; the others need a
		// login (a browser is sent to the login page); A's job page is hidden from B
		rows.add(get("GET /", () -> "/", 200, 200, 200, 200));
		rows.add(get("GET /login", () -> "/login", 200, 200, 200, 200));
		rows.add(get("GET /register", () -> "/register", 200, 200, 200, 200));
		// a form post without the CSRF token is refused; API clients carry credentials
		// and
		// need none: an empty form is shown again with its errors
		rows.add(new Row("POST /register", () -> "/register", "application/x-www-form-urlencoded",
				() -> "username=&password=".getBytes(StandardCharsets.UTF_8), 403, 200, 200, 200));
		rows.add(get("GET /jobs", () -> "/jobs", 401, 200, 200, 200));
		rows.add(get("GET /jobs/{id}", () -> "/jobs/" + this.jobOfA, 401, 200, 404, 200));
		rows.add(get("GET /models", () -> "/models", 401, 200, 200, 200));
		rows.add(get("GET /predictions", () -> "/predictions", 401, 200, 200, 200));
		// the Train and Batch pages are every signed-in user's; Schedules is the admin's
		// (a
		// user gets a page that says so)
		rows.add(get("GET /train", () -> "/train", 401, 200, 200, 200));
		rows.add(get("GET /batch", () -> "/batch", 401, 200, 200, 200));
		rows.add(get("GET /schedules", () -> "/schedules", 401, 403, 403, 200));
		rows.add(get("GET /datasets", () -> "/datasets", 401, 200, 200, 200));
		// Spring Boot's error page, reached directly: nothing to show
		rows.add(get("ANY /error", () -> "/error", 500, 500, 500, 500));
		return rows;
	}

	/**
	 * The scope a personal API token needs for each endpoint of {@link #matrix()}:
	 * {@code read}, {@code predict}, {@code train}, {@code admin} (on an admin's token),
	 * {@code none} (tokens never) or {@code public} (no login needed).
	 */
	Map<String, String> scopes() {
		Map<String, String> scopes = new LinkedHashMap<>();
		for (String endpoint : List.of("POST /api/v1/auth/register", "GET /api/docs.json",
				"GET /api/docs.json/swagger-config", "GET /api/docs.json.yaml", "GET /api/docs", "GET /", "GET /login",
				"GET /register", "POST /register", "ANY /error")) {
			scopes.put(endpoint, "public");
		}
		for (String endpoint : List.of("GET /api/v1/auth/me", "GET /api/v1/datasets", "GET /api/v1/jobs",
				"GET /api/v1/jobs/{id}", "GET /api/v1/jobs/{id}/events", "GET /api/v1/jobs/{id}/result",
				"GET /api/v1/predictions", "GET /api/v1/predictions/{id}", "GET /api/v1/predictions/{id}/image",
				"GET /api/v1/models", "GET /api/v1/models/{id}", "GET /jobs", "GET /jobs/{id}", "GET /models",
				"GET /predictions", "GET /train", "GET /batch", "GET /datasets")) {
			scopes.put(endpoint, "read");
		}
		for (String endpoint : List.of("POST /api/v1/predict/{task} application/json",
				"POST /api/v1/predict/{task} multipart/form-data", "POST /api/v1/predictions/{id}/feedback",
				"DELETE /api/v1/predictions/{id}/input")) {
			scopes.put(endpoint, "predict");
		}
		// deleting one's dataset, model version or batch files undoes an upload, a
		// training or a batch
		for (String endpoint : List.of("POST /api/v1/datasets multipart/form-data", "DELETE /api/v1/datasets/{id}",
				"POST /api/v1/jobs", "POST /api/v1/jobs/{id}/cancel", "POST /api/v1/jobs/batch multipart/form-data",
				"DELETE /api/v1/models/{id}", "DELETE /api/v1/jobs/{id}/result")) {
			scopes.put(endpoint, "train");
		}
		// token management: a token that could make tokens would outlive its deletion
		for (String endpoint : List.of("POST /api/v1/auth/tokens", "GET /api/v1/auth/tokens",
				"DELETE /api/v1/auth/tokens/{id}", "POST /api/v1/datasets/import", "GET /api/v1/schedules",
				"POST /api/v1/schedules", "GET /api/v1/schedules/{id}", "PUT /api/v1/schedules/{id}",
				"DELETE /api/v1/schedules/{id}", "POST /api/v1/models/{id}/promote", "POST /api/v1/models/rollback",
				"GET /schedules", "POST /api/v1/datasets/{id}/trust", "DELETE /api/v1/datasets/{id}/trust")) {
			scopes.put(endpoint, "admin");
		}
		return scopes;
	}

	static final List<String> USER_SCOPES = List.of("read", "predict", "train");

	static final List<String> ALL_SCOPES = List.of("read", "predict", "train", "admin");

	/** Tokens made for the checks, by owner and scopes. */
	final Map<String, String> tokens = new java.util.HashMap<>();

	String token(ApiClient owner, List<String> scopes) {
		return this.tokens.computeIfAbsent(owner.username() + " " + scopes, (key) -> {
			HttpResponse<String> created = owner.post("/api/v1/auth/tokens",
					"{\"name\":\"matrix\",\"scopes\":" + this.json.writeValueAsString(scopes) + "}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			assertThat(this.json.readTree(created.body()).get("scopes").toString())
				.isEqualTo(this.json.writeValueAsString(scopes));
			return this.json.readTree(created.body()).get("token").asString();
		});
	}

	@Test
	void everyEndpointNamesTheScopeATokenNeeds() {
		Set<String> inMatrix = new TreeSet<>();
		matrix().forEach((row) -> inMatrix.add(row.endpoint()));
		assertThat(new TreeSet<>(scopes().keySet()))
			.as("AuthorizationMatrixIT.scopes() must name the scope of every endpoint of matrix()")
			.isEqualTo(inMatrix);
	}

	/**
	 * Runs after the password callers
	 * ({@link #everyCallerGetsTheExpectedStatusFromEveryEndpoint}), whose rows change
	 * state (a cancel, a delete). A refusal comes before any controller, so it is checked
	 * exactly (403, and the problem type for the API); an allowed call only has to get
	 * past authorisation (not 401 or 403), since what it then meets depends on the rows'
	 * state after the password callers.
	 */
	@Test
	@Order(2)
	void aTokenNeedsTheScopeOfEachEndpointAndNoOther() {
		Map<String, String> wrong = new LinkedHashMap<>();
		Map<String, String> scopes = scopes();
		for (Row row : matrix()) {
			String scope = scopes.get(row.endpoint());
			if (scope == null || scope.equals("public")) {
				continue;
			}
			ApiClient owner = scope.equals("admin") ? this.admin : this.userA;
			List<String> others = (scope.equals("admin") ? USER_SCOPES : ALL_SCOPES).stream()
				.filter((s) -> !s.equals(scope) && !(s.equals("admin") && owner != this.admin))
				.toList();
			HttpResponse<String> refused = send(row, "Bearer " + token(owner, others));
			if (refused.statusCode() != 403 || (row.path().get().startsWith("/api/")
					&& !refused.body().contains("https://deepdock.io/problems/insufficient-scope"))) {
				wrong.put(row.endpoint() + " with a token of " + others, "expected a 403 insufficient-scope, got "
						+ refused.statusCode() + ": " + abbreviate(refused.body()));
			}
			if (scope.equals("none")) {
				continue;
			}
			HttpResponse<String> allowed = send(row, "Bearer " + token(owner, List.of(scope)));
			if (allowed.statusCode() == 401 || allowed.statusCode() == 403) {
				wrong.put(row.endpoint() + " with a token of [" + scope + "]",
						"expected to pass, got " + allowed.statusCode() + ": " + abbreviate(allowed.body()));
			}
		}
		// a user's token never does the admin's work, whatever it was made with
		HttpResponse<String> userWithEverything = send(
				get("GET /api/v1/schedules", () -> "/api/v1/schedules", 0, 0, 0, 0),
				"Bearer " + token(this.userA, USER_SCOPES));
		assertThat(userWithEverything.statusCode()).isEqualTo(403);
		assertThat(wrong).as("endpoint × token scopes that got another answer than scopes() says").isEmpty();
	}

	@Test
	void tokensAreMadeWithKnownScopesOnlyAndTheAdminScopeOnlyForAnAdmin() {
		for (String body : List.of("{\"name\":\"x\",\"scopes\":[\"write\"]}",
				"{\"name\":\"x\",\"scopes\":[\"read\",null]}", "{\"name\":\"x\",\"scopes\":[]}")) {
			HttpResponse<String> refused = this.userA.post("/api/v1/auth/tokens", body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(this.json.readTree(refused.body()).get("type").asString())
				.isEqualTo("https://deepdock.io/problems/unknown-scope");
			assertThat(this.json.readTree(refused.body()).get("title").asString()).isEqualTo("Unknown token scope");
		}
		HttpResponse<String> userAdmin = this.userA.post("/api/v1/auth/tokens",
				"{\"name\":\"x\",\"scopes\":[\"admin\"]}");
		assertThat(userAdmin.statusCode()).isEqualTo(400);
		assertThat(userAdmin.body()).contains("only for an admin");
		// none named: read and predict, and the list shows them
		HttpResponse<String> plain = this.userB.post("/api/v1/auth/tokens", "{\"name\":\"plain\"}");
		assertThat(plain.statusCode()).isEqualTo(201);
		assertThat(this.json.readTree(plain.body()).get("scopes").toString()).isEqualTo("[\"read\",\"predict\"]");
		assertThat(this.json.readTree(this.userB.get("/api/v1/auth/tokens").body()).get("content").toString())
			.contains("\"name\":\"plain\",\"scopes\":[\"read\",\"predict\"]");
	}

	@Test
	void aTokenCannotMakeOrDeleteTokensWithoutTheAdminScope() {
		String everything = token(this.userA, USER_SCOPES);
		HttpResponse<String> made = this.anonymous.send(this.anonymous.request("/api/v1/auth/tokens")
			.header("Authorization", "Bearer " + everything)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"child\",\"scopes\":[\"read\"]}")));
		assertThat(made.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(made.body()).get("type").asString())
			.isEqualTo("https://deepdock.io/problems/insufficient-scope");
		assertThat(this.json.readTree(made.body()).get("title").asString()).isEqualTo("The API token lacks a scope");
		assertThat(made.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(made.body()).get("detail").asString()).contains("'admin'");
		long own = this.json.readTree(this.userA.get("/api/v1/auth/tokens?size=100").body())
			.get("content")
			.get(0)
			.get("id")
			.asLong();
		HttpResponse<String> deleted = this.anonymous.send(this.anonymous.request("/api/v1/auth/tokens/" + own)
			.header("Authorization", "Bearer " + everything)
			.DELETE());
		assertThat(deleted.statusCode()).isEqualTo(403);
	}

	/**
	 * Endpoints that are not request mappings (static files, actuator), checked the same
	 * way.
	 */
	List<Row> unmapped() {
		return List.of(get("GET /assets/css/deepdock.css", () -> "/assets/css/deepdock.css", 200, 200, 200, 200),
				get("GET /assets/js/predict.js", () -> "/assets/js/predict.js", 200, 200, 200, 200),
				get("GET /actuator/health", () -> "/actuator/health", 200, 200, 200, 200),
				// Prometheus scrapes a replica's own port (nginx answers 404 for it)
				get("GET /actuator/prometheus", () -> "/actuator/prometheus", 200, 200, 200, 200),
				// the endpoint index, metrics and info are the admins'
				get("GET /actuator", () -> "/actuator", 401, 403, 403, 200),
				get("GET /actuator/metrics", () -> "/actuator/metrics", 401, 403, 403, 200));
	}

	@Test
	void everyEndpointIsInTheMatrix() {
		Set<String> mapped = mappedEndpoints();
		Set<String> inMatrix = new TreeSet<>();
		matrix().forEach((row) -> inMatrix.add(row.endpoint()));
		Set<String> missing = new TreeSet<>(mapped);
		missing.removeAll(inMatrix);
		assertThat(missing)
			.as("mapped: " + mapped + "\n"
					+ "endpoints without a row in AuthorizationMatrixIT.matrix(): decide who may call them")
			.isEmpty();
		Set<String> stale = new TreeSet<>(inMatrix);
		stale.removeAll(mapped);
		assertThat(stale).as("rows of AuthorizationMatrixIT.matrix() for endpoints that no longer exist").isEmpty();
	}

	@Test
	@Order(1)
	void everyCallerGetsTheExpectedStatusFromEveryEndpoint() {
		Map<String, String> wrong = new LinkedHashMap<>();
		List<Row> rows = new ArrayList<>(matrix());
		rows.addAll(unmapped());
		for (Row row : rows) {
			check(wrong, row, "anonymous", this.anonymous, row.anonymous());
			check(wrong, row, "user B", this.userB, row.userB());
			check(wrong, row, "user A", this.userA, row.userA());
			check(wrong, row, "admin", this.admin, row.admin());
		}
		assertThat(wrong).as("endpoint × caller that got another status than the matrix says").isEmpty();
	}

	@Test
	void refusalsFromTheApiAreProblemDetails() {
		HttpResponse<String> unauthorized = this.anonymous.get("/api/v1/jobs");
		assertThat(unauthorized.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(unauthorized.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic realm=\"deepdock\""));
		assertThat(this.json.readTree(unauthorized.body()).get("status").asInt()).isEqualTo(401);
		HttpResponse<String> forbidden = this.userA.post("/api/v1/models/" + this.modelVersion + "/promote", "");
		assertThat(forbidden.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(forbidden.body()).get("type").asString()).endsWith("/forbidden");
		HttpResponse<String> hidden = this.userB.get("/api/v1/jobs/" + this.jobOfA);
		assertThat(hidden.body()).isEqualTo(
				this.userB.get("/api/v1/jobs/987654321").body().replace("987654321", Long.toString(this.jobOfA)));
	}

	@Test
	void listsHoldOnlyTheCallersOwnRowsAndTheAdminSeesAll() {
		assertThat(allIds(this.userB, "/api/v1/jobs")).doesNotContain(this.jobOfA);
		assertThat(allIds(this.userA, "/api/v1/jobs")).contains(this.jobOfA, this.endedJobOfA);
		assertThat(allIds(this.admin, "/api/v1/jobs")).contains(this.jobOfA);
		assertThat(allIds(this.userB, "/api/v1/predictions")).doesNotContain(this.predictionOfA);
		assertThat(allIds(this.userA, "/api/v1/predictions")).contains(this.predictionOfA);
		assertThat(allIds(this.admin, "/api/v1/predictions")).contains(this.predictionOfA);
	}

	/** Every id of a list, page after page (a page holds at most 100). */
	List<Long> allIds(ApiClient caller, String path) {
		List<Long> all = new java.util.ArrayList<>();
		for (int page = 0;; page++) {
			HttpResponse<String> response = caller.get(path + "?size=100&page=" + page);
			all.addAll(ids(response));
			if (page + 1 >= this.json.readTree(response.body()).path("page").path("totalPages").asInt()) {
				return all;
			}
		}
	}

	List<Long> ids(HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(200);
		return this.json.readTree(page.body())
			.get("content")
			.findValues("id")
			.stream()
			.map((id) -> id.asLong())
			.toList();
	}

	void check(Map<String, String> wrong, Row row, String name, ApiClient caller, int expected) {
		HttpResponse<String> response = send(row, caller, null);
		if (response.statusCode() != expected) {
			wrong.put(row.endpoint() + " as " + name,
					"expected " + expected + ", got " + response.statusCode() + ": " + abbreviate(response.body()));
		}
	}

	/** The row's request with {@code authorization} (a bearer token) and nothing else. */
	HttpResponse<String> send(Row row, String authorization) {
		return send(row, this.anonymous, authorization);
	}

	HttpResponse<String> send(Row row, ApiClient caller, String authorization) {
		String method = row.endpoint().split(" ")[0];
		HttpRequest.Builder request = caller.request(row.path().get());
		if (authorization != null) {
			request.setHeader("Authorization", authorization);
		}
		if (row.body() == null) {
			request.method(method.equals("ANY") ? "GET" : method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", row.contentType())
				.method(method, HttpRequest.BodyPublishers.ofByteArray(row.body().get()));
		}
		return caller.send(request);
	}

	Set<String> mappedEndpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<String> methods = new TreeSet<>();
			info.getMethodsCondition().getMethods().forEach((m) -> methods.add(m.name()));
			if (methods.isEmpty()) {
				methods.add("ANY");
			}
			String consumes = info.getConsumesCondition()
				.getConsumableMediaTypes()
				.stream()
				.map(Object::toString)
				.sorted()
				.reduce((a, b) -> a + "," + b)
				.map((c) -> " " + c)
				.orElse("");
			for (String pattern : info.getPatternValues()) {
				for (String method : methods) {
					endpoints.add(method + " " + pattern + consumes);
				}
			}
		}
		return endpoints;
	}

	static Row get(String endpoint, Supplier<String> path, int anonymous, int userA, int userB, int admin) {
		return new Row(endpoint, path, null, null, anonymous, userA, userB, admin);
	}

	static Row json(String endpoint, Supplier<String> path, Supplier<String> body, int anonymous, int userA, int userB,
			int admin) {
		return new Row(endpoint, path, "application/json", () -> body.get().getBytes(StandardCharsets.UTF_8), anonymous,
				userA, userB, admin);
	}

	/** A multipart body (boundary {@code matrix}) with one text field and one file. */
	static byte[] multipart(String field, String value, String fileField, String fileName, byte[] file) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--matrix\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value
				+ "\r\n--matrix\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(file);
		body.writeBytes("\r\n--matrix--\r\n".getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	static byte[] multipartImage() {
		try {
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", png);
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.write(("--matrix\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d.png\"\r\n"
					+ "Content-Type: image/png\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.write(png.toByteArray());
			body.write("\r\n--matrix--\r\n".getBytes(StandardCharsets.UTF_8));
			return body.toByteArray();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static String abbreviate(String body) {
		return (body.length() > 200) ? body.substring(0, 200) + "..." : body;
	}

}
