package io.deepdock.webapp.predictions;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.imageio.ImageIO;

import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.webapp.serving.ModelServing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import static org.awaitility.Awaitility.await;

/**
 * Online prediction over real HTTP with a real (tiny) DL4J model from media: answers,
 * problem details for bad input, 503 without a model, and a hot swap under concurrent
 * requests without a single failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "deepdock.serving.reconcile-interval=1s")
@WithInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	static ImageSet train;

	static ImageSet test;

	/**
	 * Class c is a bright block at a class-specific place: a small CNN learns it in two
	 * epochs.
	 */
	static ImageSet blocks(int count, long seed) {
		Random random = new Random(seed);
		byte[] labels = new byte[count];
		byte[] pixels = new byte[count * 784];
		for (int i = 0; i < count; i++) {
			int label = i % 10;
			labels[i] = (byte) label;
			int top = 2 + (label / 5) * 12 + random.nextInt(3);
			int left = 1 + (label % 5) * 5 + random.nextInt(2);
			for (int p = 0; p < 784; p++) {
				int y = p / 28;
				int x = p % 28;
				boolean ink = y >= top && y < top + 6 && x >= left && x < Math.min(28, left + 6);
				pixels[i * 784 + p] = (byte) (ink ? 200 + random.nextInt(56) : random.nextInt(40));
			}
		}
		return new ImageSet(count, 28, 28, 10, labels, pixels);
	}

	@BeforeAll
	static void data() {
		train = blocks(400, 1);
		test = blocks(100, 2);
	}

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	ModelServing serving;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient user;

	@BeforeEach
	void logIn() {
		this.user = TestAdmin.newUser(this.port, "predict");
	}

	final JsonMapper json = JsonMapper.builder().build();

	ModelVersion trainAndPromote(long seed) throws Exception {
		TrainingParameters parameters = TrainingParameters.defaults(Task.DIGITS)
			.withArchitecture("small")
			.withEpochs(2)
			.withBatchSize(32)
			.withSeed(seed)
			.withAugmentation(false)
			.withEarlyStopping(0, 0.0);
		ModelVersion version = this.registry.register("digits", null, null, "{}");
		try (TrainedModel model = new Trainer().train(Task.DIGITS, TrainingData.images(train, test), parameters)) {
			StoredFile artifact = this.storage.write("models/digits", "zip",
					(out) -> ModelArtifacts.write(model, null, null, out));
			this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		}
		return this.registry.promote(version.getId());
	}

	HttpResponse<String> postJson(String path, String body) {
		return this.user.post(path, body);
	}

	HttpResponse<String> postImage(String path, byte[] image) throws Exception {
		String boundary = "deepdock-test-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"digit.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.write(image);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return this.user.send(this.user.request(path)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	static byte[] png(BufferedImage image) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/**
	 * A dark digit drawn on white paper, larger than 28x28: the upload path must invert,
	 * crop and scale it.
	 */
	static byte[] drawnDigit() throws Exception {
		BufferedImage image = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 200, 160);
		g.setColor(new Color(20, 20, 60));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 120));
		g.drawString("7", 60, 130);
		g.dispose();
		return png(image);
	}

	static String canvas(ImageSet set, int index) {
		StringBuilder pixels = new StringBuilder("{\"pixels\":[");
		for (int p = 0; p < 784; p++) {
			pixels.append((p > 0) ? "," : "").append(set.pixel(index, p));
		}
		return pixels.append("]}").toString();
	}

	@Test
	@Order(1)
	void withoutAModelTheTaskAnswers503WithRetryAfter() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/predict/digits", canvas(test, 0));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(this.json.readTree(response.body()).get("type").asString()).endsWith("/no-model");
	}

	@Test
	@Order(2)
	void unknownTaskIsNotFoundAndBadTextIsRefusedWithoutAModel() throws Exception {
		assertThat(postJson("/api/v1/predict/cifar", "{\"text\":\"x\"}").statusCode()).isEqualTo(404);
		assertThat(postJson("/api/v1/predict/toxicity", "{\"text\":\"   \"}").statusCode()).isEqualTo(400);
		assertThat(postJson("/api/v1/predict/toxicity", "{\"text\":\"" + "a".repeat(10_001) + "\"}").statusCode())
			.isEqualTo(400);
	}

	@Test
	@Order(3)
	void promotedModelAnswersCanvasAndUploadsAndEveryPredictionIsKept() throws Exception {
		ModelVersion version = trainAndPromote(1);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.serving.serving(Task.DIGITS)
				.map(ModelVersion::getId)
				.orElse(-1L)
				.equals(version.getId()));
		int correct = 0;
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = postJson("/api/v1/predict/digits", canvas(test, i));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode answer = this.json.readTree(response.body());
			assertThat(answer.get("modelVersion").get("id").asLong()).isEqualTo(version.getId());
			assertThat(answer.get("probabilities").size()).isEqualTo(10);
			if (answer.get("label").asString().equals(Integer.toString(test.label(i)))) {
				correct++;
			}
		}
		assertThat(correct).isGreaterThanOrEqualTo(16);
		HttpResponse<String> upload = postImage("/api/v1/predict/digits", drawnDigit());
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
		long id = this.json.readTree(upload.body()).get("predictionId").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE id = ?", Long.class, id) == 1);
		String path = this.jdbc.queryForObject("SELECT input_path FROM prediction WHERE id = ?", String.class, id);
		assertThat(path).startsWith("uploads/digits/").endsWith(".png");
		assertThat(this.jdbc.queryForObject("SELECT model_version_id FROM prediction WHERE id = ?", Long.class, id))
			.isEqualTo(version.getId());
		// the 28x28 features it was predicted from are kept, for a retraining to learn
		// a correction from
		byte[] features = this.jdbc.queryForObject("SELECT features FROM prediction WHERE id = ?", byte[].class, id);
		assertThat(features).hasSize(784);
		assertThat(features).as("ink on a blank background").contains((byte) 0).isNotEqualTo(new byte[784]);
		// "wrong, it is 3": kept for retraining; a label the task does not have is
		// refused
		HttpResponse<String> feedback = postJson("/api/v1/predictions/" + id + "/feedback", "{\"label\":\"3\"}");
		assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT feedback_label FROM prediction WHERE id = ?", String.class, id))
			.isEqualTo("3");
		assertThat(postJson("/api/v1/predictions/" + id + "/feedback", "{\"label\":\"banana\"}").statusCode())
			.isEqualTo(400);
		assertThat(postJson("/api/v1/predictions/987654321/feedback", "{\"label\":\"3\"}").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(4)
	void badImagesAreRefusedWithProblemDetailsAndNothingIsKept() throws Exception {
		long before = this.jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class);
		byte[] valid = drawnDigit();
		byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 2);
		// a PNG header that claims 50,000 x 50,000 pixels: refused before decoding
		byte[] bomb = png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
		bomb[16] = 0;
		bomb[17] = 0;
		bomb[18] = (byte) 0xC3;
		bomb[19] = 0x50;
		bomb[20] = 0;
		bomb[21] = 0;
		bomb[22] = (byte) 0xC3;
		bomb[23] = 0x50;
		for (byte[] bad : List.of("not an image at all".getBytes(StandardCharsets.UTF_8), truncated, bomb)) {
			HttpResponse<String> response = postImage("/api/v1/predict/digits", bad);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.path("type").asString()).as(response.body())
				.isEqualTo("https://deepdock.io/problems/invalid-input");
			assertThat(problem.path("title").asString()).isEqualTo("Invalid input");
		}
		HttpResponse<String> wrongSize = postJson("/api/v1/predict/digits", "{\"pixels\":[1,2,3]}");
		assertThat(wrongSize.statusCode()).isEqualTo(400);
		Thread.sleep(500);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class)).isEqualTo(before);
	}

	@Test
	@Order(5)
	void hotSwapUnderConcurrentRequestsFailsNone() throws Exception {
		ModelVersion first = this.serving.serving(Task.DIGITS).orElseThrow();
		AtomicBoolean stop = new AtomicBoolean();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> versionsSeen = new ConcurrentLinkedQueue<>();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int offset = t;
			running.add(callers.submit(() -> {
				int i = offset;
				while (!stop.get()) {
					try {
						HttpResponse<String> response = postJson("/api/v1/predict/digits", canvas(test, i++ % 100));
						if (response.statusCode() != 200) {
							failures.add(response.statusCode() + " " + response.body());
						}
						else {
							versionsSeen
								.add(this.json.readTree(response.body()).get("modelVersion").get("id").asLong());
						}
					}
					catch (Exception ex) {
						failures.add(ex.toString());
					}
				}
			}));
		}
		ModelVersion second = trainAndPromote(2);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.serving.serving(Task.DIGITS).map(ModelVersion::getId).orElse(-1L).equals(second.getId()));
		// keep calling a little after the swap
		long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() > until);
		stop.set(true);
		for (Future<?> future : running) {
			future.get();
		}
		callers.shutdown();
		assertThat(failures).isEmpty();
		assertThat(versionsSeen).contains(first.getId(), second.getId());
	}

	@Test
	@Order(6)
	void theReplicaCountsItsForwardPassesAndTheRequestsInThemInItsMetrics() throws Exception {
		double batches = metric("deepdock_serving_batches_total{task=\"digits\"}");
		double rows = metric("deepdock_serving_rows_total{task=\"digits\"}");
		assertThat(rows).isGreaterThanOrEqualTo(batches).isPositive();

		for (int i = 0; i < 5; i++) {
			assertThat(postJson("/api/v1/predict/digits", canvas(test, i)).statusCode()).isEqualTo(200);
		}

		// one after the other: each request is a forward pass of its own
		assertThat(metric("deepdock_serving_rows_total{task=\"digits\"}")).isEqualTo(rows + 5);
		assertThat(metric("deepdock_serving_batches_total{task=\"digits\"}")).isEqualTo(batches + 5);
		assertThat(metric("deepdock_serving_queue{task=\"digits\"}")).isZero();
		assertThat(metric("deepdock_serving_rows_total{task=\"fashion\"}")).isZero();
	}

	/** One sample of this replica's Prometheus page (its own port, no credentials). */
	double metric(String series) throws Exception {
		HttpResponse<String> page = java.net.http.HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		return page.body()
			.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(series + " is not in /actuator/prometheus"));
	}

}
