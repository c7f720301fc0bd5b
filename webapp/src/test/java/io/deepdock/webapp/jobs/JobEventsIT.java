package io.deepdock.webapp.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.InfrastructureInitializer;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.webapp.WebappApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Live progress across replicas: a job submitted through replica A is followed over
 * Server-Sent Events on replica B, which first replays what is stored, then relays what
 * it hears on its own events queue, and ends the stream with the job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.replica=webapp-a", "deepdock.bootstrap.train-missing=false",
				"deepdock.events.max-streams-per-user=" + JobEventsIT.CAP })
@WithInfrastructure
class JobEventsIT {

	/** Replica A's cap on one user's open streams. */
	static final int CAP = 4;

	@TempDir
	static Path media;

	static ConfigurableApplicationContext replicaB;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@BeforeAll
	static void startReplicaB() {
		replicaB = new SpringApplicationBuilder(WebappApplication.class).web(WebApplicationType.SERVLET)
			.initializers(new InfrastructureInitializer())
			// arguments, not default properties: those lose to application.yml
			.run("--server.port=0", "--deepdock.replica=webapp-b", "--deepdock.media.dir=" + media);
	}

	@AfterAll
	static void stopReplicaB() {
		replicaB.close();
	}

	@LocalServerPort
	int portA;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobRepository jobs;

	@Autowired
	JdbcTemplate jdbc;

	/** Replica A's. */
	@Autowired
	JobEventRelay relay;

	final HttpClient http = HttpClient.newHttpClient();

	/**
	 * One user, through replica A and replica B (the account and its jobs are in
	 * PostgreSQL).
	 */
	ApiClient userOnA;

	ApiClient userOnB;

	@BeforeEach
	void logIn() {
		this.userOnA = TestAdmin.newUser(this.portA, "events");
		this.userOnB = ApiClient.at(portB()).as(this.userOnA.username(), TestAdmin.USER_PASSWORD);
	}

	final JsonMapper json = JsonMapper.builder().build();

	int portB() {
		return Integer.parseInt(replicaB.getEnvironment().getProperty("local.server.port"));
	}

	@Test
	void browserOnReplicaBSeesTheHistoryThenLiveProgressOfAJobSubmittedThroughReplicaA() throws Exception {
		HttpResponse<String> submitted = this.userOnA.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(submitted.headers().firstValue("X-Deepdock-Replica")).hasValue("webapp-a");
		long id = this.json.readTree(submitted.body()).get("id").asLong();
		// a worker starts it and finishes an epoch before anyone watches
		this.lifecycle.start(id, "worker-sim");
		this.lifecycle.progress(id, "epoch", 1, Map.of("loss", 0.9, "validation", 0.7), "epoch 1/2");

		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<HttpResponse<Void>> stream = this.http.sendAsync(
				this.userOnB.request("/api/v1/jobs/" + id + "/events").header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofLines())
			// not on the client's own thread: reading the stream there would block the
			// delivery of its body
			.thenApplyAsync((response) -> {
				lines.add("replica:" + response.headers().firstValue("X-Deepdock-Replica").orElse("none"));
				response.body().forEach(lines::add);
				return null;
			});
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(lines).anyMatch((l) -> l.contains("epoch 1/2")));
		assertThat(lines).contains("replica:webapp-b");
		assertThat(lines).anyMatch((l) -> l.contains("\"RUNNING\""));
		// live: heard by replica B on its own queue
		this.lifecycle.progress(id, "epoch", 2, Map.of("loss", 0.5, "validation", 0.8), "epoch 2/2");
		await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch((l) -> l.contains("epoch 2/2")));
		this.lifecycle.succeed(id, "{}");
		stream.get(20, TimeUnit.SECONDS);
		assertThat(lines).anyMatch((l) -> l.contains("\"SUCCEEDED\""));
		assertThat(lines).anyMatch((l) -> l.startsWith("event:progress") || l.startsWith("event: progress"));
	}

	@Test
	void streamOfAFinishedJobReplaysItAndEnds() throws Exception {
		HttpResponse<String> submitted = this.userOnA.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"fashion\"}");
		long id = this.json.readTree(submitted.body()).get("id").asLong();
		this.lifecycle.start(id, "worker-sim");
		this.lifecycle.fail(id, "out of memory");
		HttpResponse<String> replay = this.http.send(
				this.userOnB.request("/api/v1/jobs/" + id + "/events").timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(replay.body()).contains("\"FAILED\"").contains("out of memory");
		HttpResponse<String> missing = this.http.send(this.userOnB.request("/api/v1/jobs/987654321/events").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
	}

	/**
	 * A client closes its stream on an end state: a finished job's stream must carry its
	 * whole story (every epoch) before that state, or its page never draws the curves.
	 */
	@Test
	void streamOfAFinishedJobSendsEveryEpochBeforeItsFinalState() throws Exception {
		long id = submitTraining();
		this.lifecycle.start(id, "worker-sim");
		this.lifecycle.progress(id, "epoch", 1, Map.of("loss", 0.9, "validationScore", 0.7), "epoch 1/2");
		this.lifecycle.progress(id, "epoch", 2, Map.of("loss", 0.5, "validationScore", 0.8), "epoch 2/2");
		this.lifecycle.succeed(id, "{}");

		HttpResponse<String> replay = this.http.send(
				this.userOnB.request("/api/v1/jobs/" + id + "/events").timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());

		String body = replay.body();
		int lastEpoch = body.lastIndexOf("epoch 2/2");
		int finalState = body.indexOf("\"state\":\"SUCCEEDED\"");
		assertThat(lastEpoch).as(body).isPositive();
		assertThat(body.indexOf("epoch 1/2")).as(body).isPositive().isLessThan(lastEpoch);
		assertThat(finalState).as("the final state comes after the history: " + body).isGreaterThan(lastEpoch);
		assertThat(body.substring(finalState)).doesNotContain("event:progress").doesNotContain("event: progress");
	}

	/**
	 * Streams of an ended job and of a running one, opened and abandoned (the browser
	 * goes away): the relay holds none of them afterwards, and keep-alives still reach a
	 * stream that stays open.
	 */
	@Test
	void abandonedStreamsAreLetGoAndKeepAlivesGoOnForTheLiveOne() throws Exception {
		long userId = this.json.readTree(this.userOnA.get("/api/v1/auth/me").body()).get("id").asLong();
		long ended = submitTraining();
		this.lifecycle.start(ended, "worker-sim");
		this.lifecycle.fail(ended, "out of memory");
		long running = submitTraining();
		this.lifecycle.start(running, "worker-sim");

		for (long job : List.of(ended, ended, running, running)) {
			abandon(job);
		}
		List<String> live = new CopyOnWriteArrayList<>();
		follow(running, live);
		await().atMost(Duration.ofSeconds(20)).until(() -> live.stream().anyMatch((l) -> l.contains("\"RUNNING\"")));

		// the abandoned streams are found out by a write, and dropped
		await("the abandoned streams to be let go").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				this.relay.keepAlive();
				return this.relay.openStreams(userId) == 1;
			});
		this.relay.keepAlive();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> live.stream().anyMatch((l) -> l.startsWith(":") && l.contains("keep-alive")));
		this.lifecycle.succeed(running, "{}");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.relay.openStreams(userId) == 0);
	}

	@Test
	void aUserBeyondTheCapOfOpenStreamsGets429WithAProblemDetail() throws Exception {
		long running = submitTraining();
		this.lifecycle.start(running, "worker-sim");
		List<List<String>> streams = new java.util.ArrayList<>();
		for (int i = 0; i < CAP; i++) {
			List<String> lines = new CopyOnWriteArrayList<>();
			follow(running, lines);
			streams.add(lines);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> streams.stream().allMatch((lines) -> lines.stream().anyMatch((l) -> l.contains("RUNNING"))));

		HttpResponse<String> refused = this.http.send(this.userOnA.request("/api/v1/jobs/" + running + "/events")
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(refused.body()).get("type").asString())
			.isEqualTo("https://deepdock.io/problems/too-many-streams");
		// another user is not held back by this one's streams
		ApiClient other = TestAdmin.newUser(this.portA, "events");
		long theirs = this.json.readTree(other.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}").body())
			.get("id")
			.asLong();
		this.lifecycle.start(theirs, "worker-sim");
		this.lifecycle.fail(theirs, "out of memory");
		HttpResponse<String> ended = this.http.send(other.request("/api/v1/jobs/" + theirs + "/events")
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(ended.statusCode()).isEqualTo(200);
		assertThat(ended.body()).contains("\"FAILED\"");
		this.lifecycle.succeed(running, "{}");
	}

	/**
	 * The race: the job ends after the controller read it as running and before its
	 * stream is held, so the end's event finds no stream. The stream must still end at
	 * once, with the final state, instead of staying open until its timeout.
	 */
	@Test
	void aStreamOpenedAsItsJobEndsIsEndedAtOnceAndLetGo() throws Exception {
		long userId = this.json.readTree(this.userOnA.get("/api/v1/auth/me").body()).get("id").asLong();
		long id = submitTraining();
		this.lifecycle.start(id, "worker-sim");
		Job readAsRunning = this.jobs.findById(id).orElseThrow();
		assertThat(readAsRunning.getState()).isEqualTo(JobState.RUNNING);
		this.lifecycle.fail(id, "out of memory");

		SseEmitter emitter = this.relay.open(readAsRunning, List.of(), userId);

		assertThat(this.relay.openStreams(userId)).isZero();
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM event_stream WHERE owner_id = ?", Integer.class, userId))
			.isZero();
		// completed already: a later completion is refused
		assertThatThrownBy(() -> emitter.send("late")).isInstanceOf(IllegalStateException.class);
	}

	/**
	 * The cap is one user's streams on every replica together: streams held on replica B
	 * count on replica A.
	 */
	@Test
	void theCapCountsTheStreamsHeldOnEveryReplica() throws Exception {
		long running = submitTraining();
		this.lifecycle.start(running, "worker-sim");
		List<List<String>> streams = new java.util.ArrayList<>();
		for (int i = 0; i < CAP; i++) {
			List<String> lines = new CopyOnWriteArrayList<>();
			follow((i % 2 == 0) ? this.userOnB : this.userOnA, running, lines);
			streams.add(lines);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> streams.stream().allMatch((lines) -> lines.stream().anyMatch((l) -> l.contains("RUNNING"))));

		HttpResponse<String> refused = this.http.send(this.userOnA.request("/api/v1/jobs/" + running + "/events")
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
		long userId = this.json.readTree(this.userOnA.get("/api/v1/auth/me").body()).get("id").asLong();
		// a keep-alive renews the leases of the streams replica A holds
		this.jdbc.update("UPDATE event_stream SET expires_at = now() + interval '1 second' WHERE owner_id = ?", userId);
		this.relay.keepAlive();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM event_stream WHERE owner_id = ? AND expires_at > now() + interval '30 seconds'",
				Integer.class, userId))
			.isEqualTo(CAP / 2);
		this.lifecycle.succeed(running, "{}");
		await("every replica to free the slots of the ended streams").atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM event_stream WHERE owner_id = ?", Integer.class,
					userId) == 0);
	}

	/**
	 * A replica that was killed never deletes its streams' rows: they stop counting when
	 * their lease runs out, and are removed by the next claim.
	 */
	@Test
	void theStreamsOfAKilledReplicaStopCountingWhenTheirLeaseRunsOut() throws Exception {
		long userId = this.json.readTree(this.userOnA.get("/api/v1/auth/me").body()).get("id").asLong();
		long running = submitTraining();
		this.lifecycle.start(running, "worker-sim");
		UUID killed = UUID.randomUUID();
		for (int i = 0; i < CAP; i++) {
			this.jdbc.update(
					"INSERT INTO event_stream (id, owner_id, job_id, instance, expires_at) "
							+ "VALUES (?, ?, ?, ?, now() + interval '1 minute')",
					UUID.randomUUID(), userId, running, killed);
		}
		assertThat(this.http
			.send(this.userOnA.request("/api/v1/jobs/" + running + "/events")
				.header("Accept", "text/event-stream")
				.timeout(Duration.ofSeconds(20))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(429);

		// their lease runs out
		this.jdbc.update("UPDATE event_stream SET expires_at = now() - interval '1 second' WHERE instance = ?", killed);
		List<String> lines = new CopyOnWriteArrayList<>();
		follow(this.userOnA, running, lines);
		await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch((l) -> l.contains("RUNNING")));
		assertThat(lines).contains("status:200");
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM event_stream WHERE instance = ?", Integer.class, killed))
			.isZero();
		this.lifecycle.succeed(running, "{}");
	}

	private long submitTraining() throws Exception {
		HttpResponse<String> submitted = this.userOnA.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		return this.json.readTree(submitted.body()).get("id").asLong();
	}

	/** Opens a job's stream on replica A, reads its first event and goes away. */
	private void abandon(long job) throws Exception {
		HttpResponse<InputStream> response = this.http.send(
				this.userOnA.request("/api/v1/jobs/" + job + "/events").header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		try (InputStream body = response.body()) {
			assertThat(body.read()).isNotNegative();
		}
	}

	/** Follows a job's stream on replica A, its lines into {@code lines}. */
	private void follow(long job, List<String> lines) {
		follow(this.userOnA, job, lines);
	}

	/** Follows a job's stream as {@code client}, its lines into {@code lines}. */
	private void follow(ApiClient client, long job, List<String> lines) {
		this.http
			.sendAsync(client.request("/api/v1/jobs/" + job + "/events").header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofLines())
			.thenApplyAsync((response) -> {
				lines.add("status:" + response.statusCode());
				response.body().forEach(lines::add);
				return null;
			});
	}

}
