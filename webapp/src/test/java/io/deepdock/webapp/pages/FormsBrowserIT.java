package io.deepdock.webapp.pages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.CheckpointStore;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingListener;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
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
 * The Train, Batch and Schedules pages in a real browser (Debian's headless Chromium)
 * against the real web app, PostgreSQL and broker.
 *
 * <p>
 * No worker runs in the web app's tests, so where a job must run, the test plays the
 * worker through the same {@link JobLifecycle} calls a worker makes: a training is a real
 * DL4J training of the submitted parameters on a tiny generated set, its epochs published
 * as the worker publishes them (the page hears them over SSE from the broker); a batch's
 * results CSV is written from the zip the page uploaded. {@code TrainingJobIT} and
 * {@code BatchPredictJobIT} in the worker run the real jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.serving.reconcile-interval=1s", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormsBrowserIT {

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		// not a @TempDir: with a test instance per class, the context starts before those
		// are made
		registry.add("deepdock.media.dir", () -> {
			try {
				return Files.createTempDirectory("deepdock-forms").toString();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
	}

	@LocalServerPort
	int port;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobRepository jobs;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatasetRepository datasets;

	final JsonMapper json = JsonMapper.builder().build();

	BrowserSession session;

	@BeforeAll
	void browser() {
		this.session = BrowserSession.start(this.port);
	}

	@AfterAll
	void quit() {
		if (this.session != null) {
			this.session.close();
		}
	}

	/** Every test leaves a picture of where it ended, passed or failed. */
	@AfterEach
	void screenshot(TestInfo test) {
		if (this.session != null) {
			this.session.screenshot("FormsBrowserIT-" + test.getTestMethod().orElseThrow().getName());
		}
	}

	WebElement find(String id) {
		return this.session.browser.findElement(By.id(id));
	}

	void type(String id, String value) {
		WebElement input = find(id);
		input.clear();
		input.sendKeys(value);
	}

	long jobsOf(String username) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM job j JOIN app_user u ON u.id = j.owner_id WHERE u.username = ?", Long.class,
				username);
	}

	// --- Train ---

	@Test
	void aTrainingSubmittedFromTheTrainPageLandsOnItsJobPageWhoseCurvesGrowLiveEpochByEpoch() throws Exception {
		String username = this.session.registerAndLogIn();
		this.session.open("/");
		find("nav-train").click();
		this.session.waiting().until(ExpectedConditions.urlContains("/train"));
		// the task's defaults are filled in and explained
		TrainingParameters digits = TrainingParameters.defaults(Task.DIGITS);
		TrainingParameters fashion = TrainingParameters.defaults(Task.FASHION);
		assertThat(find("train-epochs").getAttribute("value")).isEqualTo(String.valueOf(digits.epochs()));
		assertThat(this.session.browser.findElement(By.cssSelector(".default[data-for='epochs']")).getText())
			.isEqualTo(String.valueOf(digits.epochs()));
		// changing the task switches to its defaults (they differ from digits')
		assertThat(fashion.epochs()).isNotEqualTo(digits.epochs());
		new Select(find("train-task")).selectByValue("fashion");
		assertThat(find("train-epochs").getAttribute("value")).isEqualTo(String.valueOf(fashion.epochs()));
		assertThat(find("train-batchSize").getAttribute("value")).isEqualTo(String.valueOf(fashion.batchSize()));
		new Select(find("train-task")).selectByValue("digits");
		new Select(find("train-architecture")).selectByValue("small");
		type("train-epochs", "2");
		type("train-batchSize", "32");
		type("train-seed", "7");
		if (find("train-augmentation").isSelected()) {
			find("train-augmentation").click();
		}
		this.session.screenshot("train-form");
		find("train-submit").click();
		this.session.waiting().until(ExpectedConditions.urlMatches("/jobs/\\d+$"));
		long id = Long.parseLong(this.session.browser.getCurrentUrl().replaceAll(".*/jobs/", ""));
		this.session.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "state QUEUED"));
		assertThat(jobsOf(username)).isEqualTo(1);

		// what the page submitted is what the job holds
		Job job = this.jobs.findById(id).orElseThrow();
		TrainRequest request = this.json.readValue(job.getPayload(), TrainRequest.class);
		TrainingParameters parameters = request.resolveParameters();
		assertThat(parameters.architecture()).isEqualTo("small");
		assertThat(parameters.epochs()).isEqualTo(2);
		assertThat(parameters.batchSize()).isEqualTo(32);
		assertThat(parameters.seed()).isEqualTo(7);
		assertThat(parameters.augmentation()).isFalse();
		assertThat(request.promote()).isEqualTo("never");

		// a worker trains it for real; after each epoch the open page draws one more
		// point
		this.lifecycle.start(id, "forms-browser-test");
		this.session.waiting().until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));
		List<Integer> pointsSeen = new ArrayList<>();
		TrainingListener worker = new TrainingListener() {
			@Override
			public void onEpoch(EpochProgress p) {
				Map<String, Double> metrics = new LinkedHashMap<>();
				metrics.put("loss", p.loss());
				metrics.put("train", p.trainScore());
				metrics.put("examplesPerSecond", p.examplesPerSecond());
				FormsBrowserIT.this.lifecycle.progress(id, "epoch", p.epoch(), metrics,
						"epoch " + p.epoch() + "/" + p.epochs() + " (" + p.metric() + ")");
				// the charts (uPlot) say how many points they hold
				FormsBrowserIT.this.session.waiting()
					.until(ExpectedConditions.attributeToBe(By.id("loss-chart"), "data-points",
							Integer.toString(p.epoch())));
				pointsSeen.add(Integer.valueOf(FormsBrowserIT.this.session.browser.findElement(By.id("score-chart"))
					.getAttribute("data-points")));
				FormsBrowserIT.this.session.screenshot("train-job-epoch-" + p.epoch());
			}
		};
		try (TrainedModel model = new Trainer(worker, CheckpointStore.NONE, "forms-" + id, Integer.MAX_VALUE).train(
				Task.DIGITS, TrainingData.images(PagesBrowserIT.blocks(200, 1), PagesBrowserIT.blocks(50, 2)),
				parameters)) {
			assertThat(model).isNotNull();
		}
		assertThat(pointsSeen).containsExactly(1, 2);
		assertThat(find("log").getText()).contains("epoch 1/2").contains("epoch 2/2");
		assertThat(find("throughput").getText()).matches("· [\\d,]+ img/s");
		this.lifecycle.succeed(id, "{}");
		this.session.waiting().until(ExpectedConditions.textToBe(By.id("job-state"), "SUCCEEDED"));
		assertThat(find("cancel").isDisplayed()).isFalse();
	}

	@Test
	void anInvalidHyperParameterIsShownNextToItsFieldAndNothingIsSubmitted() {
		String username = this.session.registerAndLogIn();
		this.session.open("/train");
		type("train-epochs", "0");
		type("train-learningRate", "3");
		type("train-patience", "2");
		type("train-validationFraction", "0");
		find("train-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("train-epochs-error"),
					"between 1 and 200"));
		assertThat(find("train-learningRate-error").getText()).contains("at most 1");
		assertThat(find("train-validationFraction-error").getText()).contains("when early stopping");
		assertThat(find("train-epochs").getAttribute("aria-invalid")).isEqualTo("true");
		// the fields that are fine say nothing
		assertThat(find("train-batchSize-error").getText()).isEmpty();
		assertThat(find("train-status").isDisplayed()).isFalse();
		assertThat(this.session.browser.getCurrentUrl()).endsWith("/train");
		assertThat(jobsOf(username)).isZero();
		this.session.screenshot("train-invalid");
		// fixed, it goes through
		type("train-epochs", "1");
		type("train-learningRate", "0.01");
		type("train-validationFraction", "0.1");
		find("train-submit").click();
		this.session.waiting().until(ExpectedConditions.urlMatches("/jobs/\\d+$"));
		assertThat(jobsOf(username)).isEqualTo(1);
	}

	@Test
	void aRefusalThatNamesNoFieldIsShownAboveTheForm() {
		String username = this.session.registerAndLogIn();
		long me = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
		long gone = this.datasets
			.save(new Dataset(ApiClient.uniqueName("gone"), "digits", DatasetOrigin.UPLOAD, me, 1, "train/test", 10,
					"{}"))
			.getId();
		this.session.open("/train");
		new Select(find("train-dataset")).selectByValue(String.valueOf(gone));
		// deleted while the page was open: the API answers 404, which names no field
		this.jdbc.update("DELETE FROM dataset WHERE id = ?", gone);
		find("train-submit").click();
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("train-status")));
		assertThat(find("train-status").getText()).contains("There is no dataset " + gone);
		assertThat(this.session.browser.getCurrentUrl()).endsWith("/train");
		assertThat(jobsOf(username)).isZero();
	}

	@Test
	void onlyAnAdminIsOfferedPromotionAndFeedback() {
		this.session.registerAndLogIn();
		this.session.open("/train");
		assertThat(this.session.browser.findElements(By.id("admin-options"))).isEmpty();
		assertThat(this.session.browser.findElements(By.id("train-promote"))).isEmpty();
		this.session.logInAsAdmin();
		this.session.open("/train");
		assertThat(find("admin-options").isDisplayed()).isTrue();
		assertThat(new Select(find("train-promote")).getOptions()).extracting(WebElement::getText)
			.contains("never", "challenger");
		assertThat(find("train-feedback").isSelected()).isFalse();
	}

	@Test
	void theTrainPageOffersTheTasksDatasetsAndArchitecturesOnly() {
		String username = this.session.registerAndLogIn();
		long me = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
		long other = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class,
				TestAdmin.USERNAME);
		long mine = this.datasets
			.save(new Dataset(ApiClient.uniqueName("comments"), "toxicity", DatasetOrigin.UPLOAD, me, 1, "train/test",
					6, "{}"))
			.getId();
		long myDigits = this.datasets
			.save(new Dataset(ApiClient.uniqueName("scans"), "digits", DatasetOrigin.UPLOAD, me, 1, "train/test", 10,
					"{}"))
			.getId();
		long notMine = this.datasets
			.save(new Dataset(ApiClient.uniqueName("secret"), "toxicity", DatasetOrigin.UPLOAD, other, 1, "train/test",
					6, "{}"))
			.getId();
		this.session.open("/train");
		assertThat(this.session.browser.findElements(By.cssSelector("#train-dataset option[value='" + notMine + "']")))
			.isEmpty();
		assertThat(find("train-dataset").findElement(By.cssSelector("option[value='" + myDigits + "']")).isEnabled())
			.isTrue();
		new Select(find("train-task")).selectByValue("toxicity");
		assertThat(new Select(find("train-architecture")).getOptions()).extracting(WebElement::getText)
			.containsExactly("bow");
		assertThat(find("train-augmentation").isEnabled()).isFalse();
		assertThat(find("train-patience").getAttribute("value")).isEqualTo("3");
		// only the toxicity datasets (and "the latest") can be chosen
		List<WebElement> selectable = new Select(find("train-dataset")).getOptions()
			.stream()
			.filter(WebElement::isEnabled)
			.toList();
		assertThat(selectable).first().extracting((o) -> o.getAttribute("value")).isEqualTo("");
		assertThat(selectable).extracting((o) -> o.getAttribute("value")).contains(String.valueOf(mine));
		assertThat(selectable).extracting((o) -> o.getAttribute("value")).doesNotContain(String.valueOf(myDigits));
		assertThat(find("train-dataset").findElement(By.cssSelector("option[value='" + mine + "']")).getText())
			.endsWith("(yours)");
		assertThat(selectable.subList(1, selectable.size()))
			.allSatisfy((o) -> assertThat(o.getAttribute("data-task")).isEqualTo("toxicity"));
	}

	// --- Batch ---

	/**
	 * A fashion version that the upload checks find ACTIVE (its artifact is never read).
	 */
	void activeFashionVersion() throws IOException {
		if (this.registry.active("fashion").isPresent()) {
			return;
		}
		ModelVersion version = this.registry.register("fashion", null, null, "{}");
		StoredFile artifact = this.storage.write("models/fashion", "zip", (out) -> out.write(new byte[] { 1 }));
		this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		this.registry.promote(version.getId());
	}

	static Path zipOfImages(int count) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (int i = 0; i < count; i++) {
				zip.putNextEntry(new ZipEntry("shirt-" + i + ".png"));
				java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 28,
						java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
				image.getRaster().setSample(10 + i, 10, 0, 255);
				javax.imageio.ImageIO.write(image, "png", zip);
				zip.closeEntry();
			}
		}
		Path file = Files.createTempFile("batch", ".zip");
		Files.write(file, bytes.toByteArray());
		return file;
	}

	@Test
	void aBatchOfThreeImagesIsUploadedFollowedLiveAndItsResultsCsvDownloaded() throws Exception {
		activeFashionVersion();
		String username = this.session.registerAndLogIn();
		find("nav-batch").click();
		this.session.waiting().until(ExpectedConditions.urlContains("/batch"));
		assertThat(find("no-batches").getText()).contains("None yet");
		new Select(find("batch-task")).selectByValue("fashion");
		find("batch-file").sendKeys(zipOfImages(3).toString());
		find("batch-submit").click();
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-progress")));
		this.session.waiting().until(ExpectedConditions.textToBe(By.id("batch-state"), "QUEUED"));
		long id = Long.parseLong(find("batch-job-link").getText().substring(1));
		Job job = this.jobs.findById(id).orElseThrow();
		assertThat(job.getType()).isEqualTo(JobType.BATCH_PREDICT);
		assertThat(jobsOf(username)).isEqualTo(1);

		// the worker reads the stored zip, reports each input, and leaves the results CSV
		JsonNode request = this.json.readTree(job.getPayload());
		List<String> names = new ArrayList<>();
		try (ZipFile zip = new ZipFile(this.storage.resolve(request.get("input").asString()).toFile())) {
			zip.stream().forEach((entry) -> names.add(entry.getName()));
		}
		assertThat(names).hasSize(3);
		this.lifecycle.start(id, "forms-browser-test");
		this.session.waiting().until(ExpectedConditions.textToBe(By.id("batch-state"), "RUNNING"));
		StringBuilder csv = new StringBuilder("input,prediction_id,label,error\n");
		for (int i = 1; i <= names.size(); i++) {
			csv.append(names.get(i - 1)).append(',').append(1000 + i).append(",Shirt,\n");
			this.lifecycle.progress(id, "batch", null,
					Map.of("processed", (double) i, "total", 3.0, "predicted", (double) i, "errors", 0.0),
					"%d of 3 inputs".formatted(i));
			int done = i;
			this.session.waiting()
				.until((driver) -> String.valueOf(done)
					.equals(driver.findElement(By.id("batch-bar")).getDomProperty("value")));
			assertThat(find("batch-count").getText()).contains(i + " of 3 inputs");
		}
		this.session.screenshot("batch-running");
		assertThat(find("batch-result").isDisplayed()).isFalse();
		StoredFile results = this.storage.write("results/fashion", "csv",
				(out) -> out.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
		this.lifecycle.succeed(id, "{\"results\":\"" + results.path() + "\"}");
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-download")));
		assertThat(find("batch-state").getText()).isEqualTo("SUCCEEDED");
		this.session.screenshot("batch-succeeded");

		// a real download, through the browser's session
		find("batch-download").click();
		Path downloaded = this.session.downloads.resolve("job-" + id + "-results.csv");
		await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(downloaded) && Files.size(downloaded) > 0);
		List<String> lines = Files.readAllLines(downloaded);
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo("input,prediction_id,label,error");
		assertThat(lines.subList(1, 4)).allSatisfy((line) -> assertThat(line).startsWith("shirt-").contains("Shirt"));

		// the list of recent batches got the job, and links its results, before and after
		// a
		// reload
		assertThat(find("no-batches").isDisplayed()).isFalse();
		WebElement live = this.session.browser.findElement(By.cssSelector("#batches tbody tr"));
		assertThat(live.getText()).contains("#" + id).contains("fashion").contains("SUCCEEDED");
		assertThat(live.findElement(By.linkText("job-" + id + "-results.csv")).getAttribute("href"))
			.endsWith("/api/v1/jobs/" + id + "/result");
		this.session.open("/batch");
		WebElement row = this.session.browser.findElement(By.cssSelector("#batches tbody tr"));
		assertThat(row.getText()).contains("#" + id).contains("fashion").contains("3").contains("SUCCEEDED");
		assertThat(row.findElement(By.linkText("job-" + id + "-results.csv")).getAttribute("href"))
			.endsWith("/api/v1/jobs/" + id + "/result");
		row.findElement(By.linkText("#" + id)).click();
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-result")));
		assertThat(this.jobs.findById(id).orElseThrow().getState()).isEqualTo(JobState.SUCCEEDED);
	}

	@Test
	void aRefusedBatchFileIsExplainedNextToTheFileAndNothingIsQueued() throws Exception {
		activeFashionVersion();
		String username = this.session.registerAndLogIn();
		this.session.open("/batch");
		new Select(find("batch-task")).selectByValue("fashion");
		// no file chosen: told before anything is sent
		find("batch-submit").click();
		assertThat(find("batch-file-error").getText()).isEqualTo("Choose a zip of images.");
		// a text file is not a zip: 415
		Path text = Files.createTempFile("not-a-zip", ".zip");
		Files.writeString(text, "these are not images\n");
		find("batch-file").sendKeys(text.toString());
		find("batch-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("batch-file-error"), "not a zip"));
		assertThat(find("batch-file-error").getText()).startsWith("This task does not take this kind of file");
		assertThat(find("batch-progress").isDisplayed()).isFalse();
		// a zip with a path that climbs out of its folder: 400
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("../../etc/evil.png"));
			zip.write(new byte[] { 1, 2, 3 });
		}
		Path evil = Files.createTempFile("evil", ".zip");
		Files.write(evil, bytes.toByteArray());
		find("batch-file").clear();
		find("batch-file").sendKeys(evil.toString());
		find("batch-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("batch-file-error"), "refused"));
		assertThat(jobsOf(username)).isZero();
		this.session.screenshot("batch-refused");
	}

	// --- Schedules ---

	// --- Datasets ---

	@Test
	void aUserDeletesTheirDatasetFromTheDatasetsPageOnlyAfterConfirming() throws Exception {
		String username = this.session.registerAndLogIn();
		long owner = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
		Dataset dataset = this.datasets.save(new Dataset("mine-" + System.nanoTime(), "toxicity", DatasetOrigin.UPLOAD,
				owner, 1, "80/20", 6, "{\"train\":[],\"test\":[]}"));
		String path = this.storage
			.write("datasets/toxicity", "csv", (out) -> out.write("id,comment_text\n".getBytes(StandardCharsets.UTF_8)))
			.path();
		this.jdbc.update("INSERT INTO dataset_file (dataset_id, split, path, size_bytes, sha256, examples) "
				+ "VALUES (?, 'train', ?, 16, repeat('0', 64), 1)", dataset.getId(), path);
		this.session.open("/datasets");
		By delete = By.cssSelector("#dataset-" + dataset.getId() + " button.delete");

		find("dataset-" + dataset.getId()).findElement(By.cssSelector("button.delete")).click();
		this.session.waiting().until(ExpectedConditions.alertIsPresent()).dismiss();
		assertThat(this.datasets.findById(dataset.getId())).as("not deleted without the confirmation").isPresent();

		this.session.browser.findElement(delete).click();
		this.session.waiting().until(ExpectedConditions.alertIsPresent()).accept();
		this.session.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("dataset-" + dataset.getId()), 0));
		assertThat(find("datasets-status").getText()).contains("was deleted");
		assertThat(this.datasets.findById(dataset.getId())).isEmpty();
		assertThat(this.storage.exists(path)).isFalse();
	}

	@Test
	void anAdminCreatesAScheduleSeesItInPlainWordsWithItsNextRunDisablesItAndDeletesItOnlyAfterConfirming() {
		this.session.logInAsAdmin();
		this.session.open("/");
		find("nav-schedules").click();
		this.session.waiting().until(ExpectedConditions.urlContains("/schedules"));
		new Select(find("schedule-task")).selectByValue("fashion");
		type("schedule-cron", "30 4 * * *");
		type("schedule-zone", "UTC");
		type("schedule-minImprovement", "0.002");
		find("schedule-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textMatches(By.id("schedules-status"),
					java.util.regex.Pattern.compile("Created schedule #\\d+")));
		String id = find("schedules-status").getText().replaceAll("^Created schedule #(\\d+).*$", "$1");
		By row = By.id("schedule-" + id);
		this.session.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
		WebElement created = this.session.browser.findElement(row);
		assertThat(created.findElement(By.cssSelector(".description")).getText()).isEqualTo("every day at 04:30 (UTC)");
		assertThat(created.findElement(By.cssSelector("time.next-fire")).getText()).contains("04:30").contains("UTC");
		assertThat(created.findElement(By.cssSelector("time.next-fire")).getAttribute("datetime"))
			.endsWith("04:30:00Z");
		assertThat(created.findElement(By.cssSelector(".enabled")).getText()).isEqualTo("yes");
		this.session.screenshot("schedules-created");

		created.findElement(By.cssSelector("button.toggle")).click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules-status"),
					"Disabled schedule #" + id));
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#schedule-" + id + " .enabled"),
					"no"));
		WebElement disabled = this.session.browser.findElement(row);
		assertThat(disabled.findElement(By.cssSelector(".next-fire")).getText()).isEqualTo("not while disabled");
		assertThat(disabled.findElement(By.cssSelector("button.toggle")).getText()).isEqualTo("Enable");
		assertThat(
				this.jdbc.queryForObject("SELECT enabled FROM schedule WHERE id = ?", Boolean.class, Long.valueOf(id)))
			.isFalse();
		this.session.screenshot("schedules-disabled");

		// a deletion is asked first, naming the schedule: cancelling keeps it
		disabled.findElement(By.cssSelector("button.delete")).click();
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(find("confirm-text").getText())
			.startsWith("Delete the fashion schedule #" + id + " (every day at 04:30 (UTC))?");
		this.session.screenshot("schedules-delete-confirm");
		find("confirm-no").click();
		this.session.waiting().until(ExpectedConditions.textToBe(By.id("schedules-status"), "Nothing changed."));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schedule WHERE id = ?", Long.class, Long.valueOf(id)))
			.isOne();
		this.session.browser.findElement(row).findElement(By.cssSelector("button.delete")).click();
		this.session.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		find("confirm-yes").click();
		this.session.waiting().until(ExpectedConditions.numberOfElementsToBe(row, 0));
		assertThat(find("schedules-status").getText()).isEqualTo("Deleted schedule #" + id + ".");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schedule WHERE id = ?", Long.class, Long.valueOf(id)))
			.isZero();
	}

	@Test
	void aRefusedScheduleShowsEachBrokenRuleNextToItsField() {
		this.session.logInAsAdmin();
		this.session.open("/schedules");
		long before = this.jdbc.queryForObject("SELECT count(*) FROM schedule", Long.class);
		type("schedule-cron", "* * * * *");
		type("schedule-zone", "Mars/Olympus");
		type("schedule-minImprovement", "5");
		find("schedule-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-minImprovement-error"),
					"between -1 and 1"));
		assertThat(find("schedule-zone-error").getText()).isNotBlank();
		assertThat(find("schedule-zone").getAttribute("aria-invalid")).isEqualTo("true");
		// a valid zone, but a cron that fires too often
		type("schedule-zone", "Europe/Paris");
		type("schedule-minImprovement", "0");
		find("schedule-submit").click();
		this.session.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-cron-error"),
					"shortest interval"));
		assertThat(find("schedule-zone-error").getText()).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schedule", Long.class)).isEqualTo(before);
		this.session.screenshot("schedules-invalid");
	}

	@Test
	void aUserIsNotShownTheSchedulesLinkAndIsRefusedReadably() {
		this.session.registerAndLogIn();
		this.session.open("/");
		assertThat(this.session.browser.findElements(By.id("nav-schedules"))).isEmpty();
		assertThat(find("nav-train").isDisplayed()).isTrue();
		assertThat(find("nav-batch").isDisplayed()).isTrue();
		this.session.open("/schedules");
		assertThat(find("refusal").getText()).contains("Only an admin");
		assertThat(this.session.browser.findElements(By.id("schedule-form"))).isEmpty();
		Object status = this.session.browser.executeAsyncScript("var done = arguments[0];"
				+ "fetch('/schedules', {credentials: 'same-origin'}).then(function (r) { done(r.status); });");
		assertThat(((Number) status).intValue()).isEqualTo(403);
		// the anonymous have no link to any of the three
		this.session.logOut();
		this.session.open("/");
		assertThat(this.session.browser.findElements(By.id("nav-train"))).isEmpty();
		assertThat(this.session.browser.findElements(By.id("nav-batch"))).isEmpty();
		assertThat(this.session.browser.findElements(By.id("nav-schedules"))).isEmpty();
	}

}
