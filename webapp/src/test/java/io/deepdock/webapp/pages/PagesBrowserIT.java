package io.deepdock.webapp.pages;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The pages in a real browser (Debian's headless Chromium): register and log in through
 * the forms, draw a digit on the canvas, see the prediction rendered, say it is wrong;
 * follow and cancel a job; and no page breaks its Content Security Policy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.serving.reconcile-interval=1s", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesBrowserIT {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		// not a @TempDir: with a test instance per class, the context starts before those
		// are made
		registry.add("deepdock.media.dir", () -> {
			try {
				return Files.createTempDirectory("deepdock-pages").toString();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
	}

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@Autowired
	io.deepdock.core.jobs.JobProgressRepository progress;

	ChromeDriver browser;

	@BeforeAll
	void browser() {
		boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
		if (!installed && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
					+ " is missing: apt-get install chromium chromium-driver");
		}
		Assumptions.assumeTrue(installed, "Chromium is not installed here (apt-get install chromium chromium-driver)");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		this.browser = new ChromeDriver(service, options);
	}

	@AfterAll
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	WebDriverWait waiting() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(30));
	}

	/** Registers through the form, then logs in through the login form. */
	String registerAndLogIn() {
		String username = ApiClient.uniqueName("browser");
		this.browser.get(url("/register"));
		this.browser.findElement(By.id("reg-username")).sendKeys(username);
		this.browser.findElement(By.id("reg-password")).sendKeys(TestAdmin.USER_PASSWORD);
		this.browser.findElement(By.id("register-submit")).click();
		waiting().until(ExpectedConditions.urlContains("/login?registered"));
		logIn(username, TestAdmin.USER_PASSWORD);
		return username;
	}

	void logIn(String username, String password) {
		if (!this.browser.getCurrentUrl().contains("/login")) {
			this.browser.get(url("/login"));
		}
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("login-submit")).click();
		// not mere presence: a page still showing the previous user's header would pass
		// that before the login's redirect lands
		waiting().until(ExpectedConditions.textToBe(By.id("current-user"), username));
	}

	void logOut() {
		if (!this.browser.findElements(By.id("logout")).isEmpty()) {
			this.browser.findElement(By.id("logout")).click();
			waiting().until(ExpectedConditions.urlContains("/login?logout"));
		}
	}

	@Test
	void aUserRegistersLogsInDrawsADigitGetsAPredictionAndSaysItIsWrong() throws Exception {
		trainAndPromote();
		ApiClient admin = TestAdmin.admin(this.port);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> admin.post("/api/v1/predict/digits", "{\"pixels\":[" + "0,".repeat(783) + "0]}")
				.statusCode() == 200);
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		WebElement pad = this.browser.findElement(By.id("pad"));
		new Actions(this.browser).moveToElement(pad, -70, -90)
			.clickAndHold()
			.moveByOffset(50, 0)
			.moveByOffset(50, 0)
			.moveByOffset(40, 0)
			.moveByOffset(-30, 60)
			.moveByOffset(-30, 60)
			.moveByOffset(-20, 50)
			.release()
			.perform();
		this.browser.findElement(By.id("predict-drawing")).click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
		String label = this.browser.findElement(By.id("label")).getText();
		assertThat(label).isIn(Task.DIGITS.labels());
		assertThat(this.browser.findElement(By.id("model-version")).getText()).matches("v\\d+");
		assertThat(this.browser.findElement(By.id("latency")).getText()).matches("\\d+\\.\\d");
		assertThat(this.browser.findElements(By.cssSelector("#chart .bar"))).hasSize(10);
		// the drawing reached the model as MNIST digits are made: its ink's centre of
		// mass
		// in the middle of 28x28 (a 7's ink is heavier at the top right of its box)
		byte[] features = this.jdbc.queryForObject(
				"SELECT features FROM prediction WHERE input_name = 'canvas' ORDER BY id DESC LIMIT 1", byte[].class);
		double[] centre = centreOfMass(features);
		assertThat(centre[0]).as("x of the centre of mass").isCloseTo(13.5, within(0.75));
		assertThat(centre[1]).as("y of the centre of mass").isCloseTo(13.5, within(0.75));
		WebElement wrong = this.browser.findElements(By.cssSelector("#feedback-buttons button")).get(0);
		String truth = wrong.getAttribute("data-label");
		assertThat(truth).isNotEqualTo(label);
		wrong.click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("feedback-status"), "Thank you"));
		// the feedback given is shown, and only a deliberate Change replaces it
		assertThat(this.browser.findElement(By.id("feedback-current")).getText())
			.isEqualTo("Your feedback: it is " + truth + ". Change it");
		assertThat(this.browser.findElement(By.id("feedback-buttons")).isDisplayed()).isFalse();
		this.browser.findElement(By.id("feedback-change")).click();
		assertThat(this.browser.findElement(By.id("feedback-prompt")).getText()).contains("\"" + truth + "\"");
		WebElement other = this.browser.findElements(By.cssSelector("#feedback-buttons button:not([disabled])"))
			.stream()
			.filter((b) -> !b.getAttribute("data-label").equals(truth))
			.findFirst()
			.orElseThrow();
		String changed = other.getAttribute("data-label");
		other.click();
		waiting().until(ExpectedConditions.textToBe(By.id("feedback-status"),
				"Changed from \"" + truth + "\" to \"" + changed + "\"."));
		assertThat(this.browser.findElement(By.id("feedback-label")).getText()).isEqualTo(changed);
		this.browser.get(url("/predictions"));
		assertThat(this.browser.findElement(By.cssSelector("#predictions tbody tr")).getText()).contains("digits")
			.contains(changed);
		// predict as you draw: no button, the answer follows the strokes
		this.browser.get(url("/"));
		assertThat(this.browser.findElement(By.id("available-digits")).getText())
			.matches("digits: model v\\d+ serves it\\.");
		this.browser.findElement(By.id("live")).click();
		new Actions(this.browser).moveToElement(this.browser.findElement(By.id("pad")), -20, -60)
			.clickAndHold()
			.moveByOffset(0, 60)
			.moveByOffset(0, 60)
			.release()
			.perform();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
		assertThat(this.browser.findElements(By.cssSelector("#chart .bar"))).hasSize(10);
		// on a phone the answer and every bar are on the first screen
		org.openqa.selenium.Dimension desktop = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		try {
			this.browser.get(url("/"));
			new Actions(this.browser).moveToElement(this.browser.findElement(By.id("pad")), 0, -50)
				.clickAndHold()
				.moveByOffset(0, 50)
				.moveByOffset(0, 50)
				.release()
				.perform();
			this.browser.findElement(By.id("predict-drawing")).click();
			waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
			Number bottom = (Number) this.browser.executeScript(
					"return document.querySelector('#chart .bar:last-child').getBoundingClientRect().bottom");
			Number height = (Number) this.browser.executeScript("return window.innerHeight");
			assertThat(bottom.doubleValue()).as("the last bar's bottom").isLessThanOrEqualTo(height.doubleValue());
			assertThat(this.browser.findElement(By.cssSelector("#chart .bar-name")).getCssValue("font-size"))
				.isEqualTo("13.6px");
			screenshot("phone-predict");
		}
		finally {
			this.browser.manage().window().setSize(desktop);
		}
		// an uploaded image takes the same way
		this.browser.get(url("/"));
		Path image = Files.createTempFile("digit", ".png");
		java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(60, 60,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = picture.createGraphics();
		g.setColor(java.awt.Color.WHITE);
		g.fillRect(0, 0, 60, 60);
		g.setColor(java.awt.Color.BLACK);
		g.fillRect(20, 10, 12, 40);
		g.dispose();
		javax.imageio.ImageIO.write(picture, "png", image.toFile());
		this.browser.findElement(By.id("image")).sendKeys(image.toString());
		this.browser.findElement(By.id("predict-upload")).click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
		assertThat(this.browser.findElement(By.id("label")).getText()).isIn(Task.DIGITS.labels());
		assertThat(this.browser.findElements(By.cssSelector("#chart .bar"))).hasSize(10);
	}

	/** {x, y} of a 28x28 image's ink. */
	static double[] centreOfMass(byte[] pixels) {
		double mass = 0;
		double mx = 0;
		double my = 0;
		for (int i = 0; i < pixels.length; i++) {
			int v = pixels[i] & 0xff;
			mass += v;
			mx += v * (i % 28);
			my += v * (i / 28);
		}
		return new double[] { mx / mass, my / mass };
	}

	@Test
	void withoutAModelThePredictPageSaysSoReadably() {
		// the test classes share one database: a toxicity version another class made
		// ACTIVE for its upload checks (BatchApiIT; its artifact never loads) is taken
		// out
		// of service, as FAILED (QuotaIT does the same)
		this.jdbc.update("UPDATE model_version SET status = 'FAILED' WHERE task = 'toxicity' AND status = 'ACTIVE'");
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		// said before any drawing: toxicity has no built-in dataset, so the way is an
		// upload
		assertThat(this.browser.findElement(By.id("available-toxicity")).getText()).contains("no model yet")
			.contains("Jigsaw")
			.contains("id,comment_text,toxic");
		assertThat(this.browser.findElement(By.cssSelector("#available-toxicity a")).getAttribute("href"))
			.endsWith("/datasets#upload-heading");
		new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("task"))).selectByValue("toxicity");
		this.browser.findElement(By.id("text")).sendKeys("you are lovely");
		this.browser.findElement(By.id("predict-text")).click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "No model serves"));
	}

	@Test
	void aQueuedTrainingsPageNamesTheDatasetChosenAtSubmissionFollowsTheJobAndCancelsIt() {
		logOut();
		String username = registerAndLogIn();
		// the user's own digits upload, newer than any built-in one: "the task's latest"
		long owner = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
		String name = ApiClient.uniqueName("mine");
		long dataset = this.datasets
			.save(new io.deepdock.core.datasets.Dataset(name, "digits", io.deepdock.core.datasets.DatasetOrigin.UPLOAD,
					owner, 1, "80/20", 10, "{\"train\":[],\"test\":[]}"))
			.getId();
		this.browser.get(url("/"));
		// the page's own session posts the job: the same CSRF header the scripts send
		Object id = this.browser.executeAsyncScript(
				"var done = arguments[0];" + "deepdock.call('POST', '/api/v1/jobs', {type: 'TRAIN', task: 'digits'})"
						+ ".then(function (r) { done(r.status === 202 ? r.body.id : 'status ' + r.status); });");
		assertThat(id).isInstanceOf(Number.class);
		this.browser.get(url("/jobs"));
		this.browser.findElement(By.linkText("#" + id)).click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "state QUEUED"));
		// no worker has started it, yet the page says which dataset it will train on
		assertThat(this.browser.findElement(By.id("job-dataset")).getText()).isEqualTo(name + " (#" + dataset + ")");
		this.browser.findElement(By.id("cancel")).click();
		waiting().until(ExpectedConditions.textToBe(By.id("job-state"), "CANCELLED"));
		assertThat(this.browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
	}

	@Test
	void aWrongPasswordIsToldReadablyOnTheLoginPage() {
		logOut();
		this.browser.get(url("/login"));
		this.browser.findElement(By.id("username")).sendKeys("nobody-" + ApiClient.uniqueName("x"));
		this.browser.findElement(By.id("password")).sendKeys("not-the-password");
		this.browser.findElement(By.id("login-submit")).click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"),
				"Wrong user name or password"));
	}

	@Test
	void aRefusedRegistrationShowsTheReasonNextToTheField() {
		logOut();
		this.browser.get(url("/register"));
		this.browser.findElement(By.id("reg-username")).sendKeys("ab");
		this.browser.findElement(By.id("reg-password")).sendKeys("short");
		this.browser.findElement(By.id("register-submit")).click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("reg-username-error")));
		assertThat(this.browser.findElement(By.id("reg-username-error")).getText()).contains("3 to 64");
		assertThat(this.browser.findElement(By.id("reg-password-error")).getText()).contains("at least 10 characters");
	}

	@Test
	void aFailedJobPageShowsItsError() {
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		Object id = this.browser.executeAsyncScript(
				"var done = arguments[0];" + "deepdock.call('POST', '/api/v1/jobs', {type: 'TRAIN', task: 'digits'})"
						+ ".then(function (r) { done(r.body.id); });");
		this.jdbc.update("UPDATE job SET state = 'FAILED', error = 'out of memory at epoch 2' WHERE id = ?",
				((Number) id).longValue());
		this.browser.get(url("/jobs/" + id));
		assertThat(this.browser.findElement(By.id("job-error")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("job-error")).getText()).isEqualTo("out of memory at epoch 2");
		assertThat(this.browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
	}

	@Test
	void aJobPageDrawsTheLossAndScoreCurvesOfItsEpochsAndTheListItsProgress() {
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		long id = ((Number) this.browser.executeAsyncScript(
				"var done = arguments[0];" + "deepdock.call('POST', '/api/v1/jobs', {type: 'TRAIN', task: 'digits'})"
						+ ".then(function (r) { done(r.body.id); });"))
			.longValue();
		for (int epoch = 1; epoch <= 3; epoch++) {
			this.progress.save(new io.deepdock.core.jobs.JobProgress(id, "epoch", epoch,
					"{\"loss\":" + (1.0 / epoch) + ",\"train\":" + (0.5 + epoch / 10.0) + ",\"validation\":"
							+ (0.45 + epoch / 10.0) + ",\"examplesPerSecond\":850.0}",
					"epoch " + epoch + "/3 (ACCURACY)", java.time.Instant.now()));
		}
		this.browser.get(url("/jobs/" + id));
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "epoch 3/3"));
		// uPlot's canvas, with every point and both score series in its legend
		waiting().until(ExpectedConditions.attributeToBe(By.id("loss-chart"), "data-points", "3"));
		assertThat(this.browser.findElements(By.cssSelector("#loss-chart .uplot canvas"))).isNotEmpty();
		assertThat(this.browser.findElement(By.id("score-chart")).getAttribute("data-points")).isEqualTo("6");
		assertThat(this.browser.findElement(By.cssSelector("#score-chart .u-legend")).getText())
			.contains("train accuracy")
			.contains("validation accuracy");
		assertThat(this.browser.findElement(By.id("throughput")).getText()).contains("850 img/s");
		// the log says the values, not only the epoch
		assertThat(this.browser.findElement(By.id("log")).getText())
			.contains("epoch 3/3: loss 0.333, accuracy 0.800, validation 0.750, 850 img/s");
		// hovering a point shows its values in a tooltip
		new Actions(this.browser).moveToElement(this.browser.findElement(By.cssSelector("#score-chart .u-over")))
			.perform();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#score-chart .chart-tooltip")));
		assertThat(this.browser.findElement(By.cssSelector("#score-chart .chart-tooltip")).getText()).contains("epoch")
			.contains("validation accuracy");
		// the list shows how far a running training has come
		this.jdbc.update("UPDATE job SET state = 'RUNNING' WHERE id = ?", id);
		this.browser.get(url("/jobs"));
		WebElement bar = this.browser.findElement(By.cssSelector("#jobs progress"));
		assertThat(bar.getAttribute("value")).isEqualTo("3");
		assertThat(bar.getAttribute("max")).isEqualTo("3");
		assertThat(bar.getAttribute("aria-label")).isEqualTo("Job " + id + ": epoch 3 of 3");
	}

	/** An evaluated version: accuracy 0.990, macro F1 0.985 and two classes' rows. */
	static final String METRICS = "{\"task\":\"digits\",\"metric\":\"accuracy\",\"score\":0.99,"
			+ "\"classification\":{\"examples\":200,\"accuracy\":0.99,\"macroF1\":0.985,\"perClass\":["
			+ "{\"label\":\"0\",\"precision\":0.98,\"recall\":1.0,\"f1\":0.99,\"support\":100},"
			+ "{\"label\":\"1\",\"precision\":1.0,\"recall\":0.98,\"f1\":0.9899,\"support\":100}],"
			+ "\"confusion\":[[100,0],[2,98]]}}";

	/** A TRAIN job of the browser's user that ran three epochs and produced a version. */
	long finishedTraining(String task, int versionScore) {
		long id = ((Number) this.browser.executeAsyncScript(
				"var done = arguments[0];" + "deepdock.call('POST', '/api/v1/jobs', {type: 'TRAIN', task: '" + task
						+ "'})" + ".then(function (r) { done(r.body.id); });"))
			.longValue();
		ModelVersion version = this.registry.register(task, null, null,
				"{\"architecture\":\"small\",\"epochs\":3,\"batchSize\":32,\"learningRate\":0.001}");
		this.registry.markReady(version.getId(), METRICS.replace("0.99,", "0." + versionScore + ","), "none", 1,
				"0".repeat(64));
		this.registry.recordDecision(version.getId(),
				"{\"promoted\":false,\"reason\":\"not promoted (policy never)\"}");
		for (int epoch = 1; epoch <= 3; epoch++) {
			this.progress.save(new io.deepdock.core.jobs.JobProgress(id, "epoch", epoch,
					"{\"loss\":" + (1.0 / epoch) + ",\"train\":" + (0.5 + epoch / 10.0) + ",\"validation\":"
							+ (0.45 + epoch / 10.0) + ",\"examplesPerSecond\":1154.0}",
					"epoch " + epoch + "/3 (ACCURACY)", java.time.Instant.now()));
		}
		this.jdbc.update(
				"UPDATE job SET state = 'SUCCEEDED', model_version_id = ?, started_at = now() - interval '95 seconds', "
						+ "finished_at = now(), result = ?::jsonb WHERE id = ?",
				version.getId(),
				"{\"modelVersionId\":" + version.getId() + ",\"version\":" + version.getVersion()
						+ ",\"metric\":\"accuracy\",\"score\":0.99,\"epochs\":3,\"bestEpoch\":3,"
						+ "\"promoted\":false,\"decision\":\"not promoted (policy never)\"}",
				id);
		return id;
	}

	@Test
	void aFinishedJobPageShowsItsCurvesLogMetricsAndDecision() {
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		long id = finishedTraining("digits", 99);
		long version = this.jdbc.queryForObject("SELECT model_version_id FROM job WHERE id = ?", Long.class, id);
		this.browser.get(url("/jobs/" + id));
		// the stream sends the ended state first: the page still draws the whole history
		waiting().until(ExpectedConditions.attributeToBe(By.id("score-chart"), "data-points", "6"));
		assertThat(this.browser.findElement(By.id("loss-chart")).getAttribute("data-points")).isEqualTo("3");
		assertThat(this.browser.findElement(By.id("log")).getText())
			.contains("epoch 1/3: loss 1.000, accuracy 0.600, validation 0.550, 1,154 img/s")
			.contains("epoch 3/3");
		assertThat(this.browser.findElement(By.id("job-state")).getText()).isEqualTo("SUCCEEDED");
		assertThat(this.browser.findElement(By.id("job-task")).getText()).isEqualTo("digits");
		assertThat(this.browser.findElement(By.id("job-parameters")).getText()).contains("architecture")
			.contains("small");
		assertThat(this.browser.findElement(By.id("job-duration")).getText()).isEqualTo("1 min 35 s");
		assertThat(this.browser.findElement(By.id("job-metrics")).getText()).contains("accuracy 0.990")
			.contains("macro F1")
			.contains("0.985");
		assertThat(this.browser.findElement(By.id("job-decision")).getText()).isEqualTo("Not promoted (policy never).");
		assertThat(this.browser.findElement(By.cssSelector("#job-version a")).getAttribute("href"))
			.endsWith("/models#version-" + version);
		assertThat(this.browser.findElement(By.id("job-queue")).isDisplayed()).isFalse();
		screenshot("job-finished");
		atPhoneSize(() -> {
			this.browser.get(url("/jobs/" + id));
			waiting().until(ExpectedConditions.attributeToBe(By.id("loss-chart"), "data-points", "3"));
			screenshot("phone-job-finished");
		});
	}

	@Test
	void aVersionStillTrainingOffersNoPromoteButtonAndPromotionAsksFirst() {
		long training = this.registry.register("toxicity", null, null, "{}").getId();
		long ready = this.registry.register("toxicity", null, null, "{}").getId();
		this.registry.markReady(ready, null, "none", 1, "0".repeat(64));
		logOut();
		registerAndLogIn();
		this.browser.get(url("/models"));
		assertThat(this.browser.findElement(By.id("task-toxicity")).isDisplayed()).isTrue();
		assertThat(this.browser.findElements(By.cssSelector("button.promote"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector("button.rollback"))).isEmpty();
		logOut();
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		this.browser.get(url("/models"));
		assertThat(this.browser.findElements(By.cssSelector("button.promote[data-id='" + training + "']"))).isEmpty();
		assertThat(this.browser.findElement(By.cssSelector("#version-" + training + " .decision")).getText())
			.isEqualTo("still training");
		By promote = By.cssSelector("button.promote[data-id='" + ready + "']");
		// asked first: cancelling changes nothing
		this.browser.findElement(promote).click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(this.browser.findElement(By.id("confirm-text")).getText()).startsWith("Promote toxicity v");
		this.browser.findElement(By.id("confirm-no")).click();
		waiting().until(ExpectedConditions.textToBe(By.id("models-status"), "Nothing changed."));
		assertThat(this.registry.active("toxicity").map(ModelVersion::getId))
			.isNotEqualTo(java.util.Optional.of(ready));
		// a version that went back to training since the page was drawn: refused, and
		// the page says why
		this.jdbc.update("UPDATE model_version SET status = 'TRAINING' WHERE id = ?", ready);
		this.browser.findElement(promote).click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		this.browser.findElement(By.id("confirm-yes")).click();
		waiting().until((driver) -> {
			String status = driver.findElement(By.id("models-status")).getText();
			return !status.isEmpty() && !status.startsWith("Working") && !status.startsWith("Nothing");
		});
		assertThat(this.browser.findElement(By.id("models-status")).getText()).contains("TRAINING")
			.doesNotContain("not logged in")
			.doesNotContain("may not");
	}

	@Test
	void twoVersionsComparedSideBySideWithTheirCurvesOverlaid() {
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		long first = finishedTraining("fashion", 91);
		long second = finishedTraining("fashion", 93);
		long v1 = this.jdbc.queryForObject("SELECT model_version_id FROM job WHERE id = ?", Long.class, first);
		long v2 = this.jdbc.queryForObject("SELECT model_version_id FROM job WHERE id = ?", Long.class, second);
		this.browser.get(url("/models"));
		WebElement compare = this.browser.findElement(By.cssSelector("button.compare[data-task='fashion']"));
		assertThat(compare.isEnabled()).isFalse();
		this.browser.findElement(By.cssSelector("#version-" + v1 + " input.pick")).click();
		this.browser.findElement(By.cssSelector("#version-" + v2 + " input.pick")).click();
		assertThat(compare.getText()).isEqualTo("Compare 2 versions");
		compare.click();
		WebElement table = this.browser.findElement(By.cssSelector("#compare-fashion table.compare"));
		waiting().until(ExpectedConditions.visibilityOf(table));
		String versionOne = "v"
				+ this.jdbc.queryForObject("SELECT version FROM model_version WHERE id = ?", Integer.class, v1);
		assertThat(table.findElement(By.cssSelector("thead")).getText()).contains(versionOne);
		assertThat(table.getText()).contains("accuracy 0.910 0.930").contains("macro F1");
		waiting().until(ExpectedConditions.attributeToBe(By.cssSelector("#compare-fashion .compare-score"),
				"data-points", "6"));
		assertThat(this.browser.findElement(By.cssSelector("#compare-fashion .compare-score .u-legend")).getText())
			.contains(versionOne);
		// the cards themselves are tables, not JSON
		assertThat(this.browser.findElement(By.id("version-" + v1)).getText()).doesNotContain("{");
		screenshot("models-compare");
		atPhoneSize(() -> {
			this.browser.get(url("/models"));
			// a phone gets one card per row, no table wider than the screen
			Number overflow = (Number) this.browser
				.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
			assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
			screenshot("phone-models");
		});
	}

	/** Runs {@code steps} in a phone-sized window (390 x 844), then restores the size. */
	void atPhoneSize(Runnable steps) {
		org.openqa.selenium.Dimension desktop = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		try {
			steps.run();
		}
		finally {
			this.browser.manage().window().setSize(desktop);
		}
	}

	/** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
	void screenshot(String name) {
		try {
			Files.createDirectories(BrowserSession.SCREENSHOTS);
			Files.write(BrowserSession.SCREENSHOTS.resolve(name + ".png"),
					this.browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Autowired
	io.deepdock.core.datasets.DatasetRepository datasets;

	@Test
	void onlyAdminsGetTrustButtonsAndOneMarksAnUploadTrustedAndWithdrawsIt() {
		logOut();
		String username = registerAndLogIn();
		long owner = this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
		long id = this.datasets
			.save(new io.deepdock.core.datasets.Dataset(ApiClient.uniqueName("trust"), "toxicity",
					io.deepdock.core.datasets.DatasetOrigin.UPLOAD, owner, 1, "80/20", 6, "{\"train\":[],\"test\":[]}"))
			.getId();
		this.browser.get(url("/datasets"));
		assertThat(this.browser.findElement(By.id("dataset-" + id)).isDisplayed()).isTrue();
		assertThat(this.browser.findElements(By.cssSelector("button.trust"))).isEmpty();
		logOut();
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		this.browser.get(url("/datasets"));
		By button = By.cssSelector("button.trust[data-id='" + id + "']");
		assertThat(this.browser.findElement(button).getText()).isEqualTo("Mark trusted");
		this.browser.findElement(button).click();
		waiting().until(ExpectedConditions.textToBe(button, "Withdraw trust"));
		assertThat(this.browser.findElement(By.id("datasets-status")).getText()).contains("#" + id + " is trusted");
		assertThat(this.datasets.findById(id).orElseThrow().isTrusted()).isTrue();
		// the page drawn again says so too
		this.browser.get(url("/datasets"));
		assertThat(this.browser.findElement(By.id("dataset-" + id)).getText()).contains("trusted");
		this.browser.findElement(button).click();
		waiting().until(ExpectedConditions.textToBe(button, "Mark trusted"));
		assertThat(this.datasets.findById(id).orElseThrow().isTrusted()).isFalse();
	}

	@Test
	void everyControlOnEveryPageHasALabel() {
		logOut();
		Map<String, Object> unlabelled = new java.util.LinkedHashMap<>();
		for (String page : List.of("/login", "/register")) {
			this.browser.get(url(page));
			unlabelled.put(page, unlabelledControls());
		}
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		for (String page : List.of("/", "/jobs", "/models", "/predictions", "/train", "/batch", "/schedules",
				"/datasets")) {
			this.browser.get(url(page));
			unlabelled.put(page, unlabelledControls());
		}
		assertThat(unlabelled).allSatisfy((page, controls) -> assertThat((List<?>) controls).as(page).isEmpty());
	}

	/** The controls of the current page that no label, aria-label or text names. */
	Object unlabelledControls() {
		return this.browser.executeScript("return Array.from(document.querySelectorAll("
				+ "'input:not([type=hidden]), select, textarea, canvas, button')).filter(function (c) {"
				+ "  if (c.tagName === 'BUTTON') { return !c.textContent.trim() && !c.getAttribute('aria-label'); }"
				+ "  return !c.getAttribute('aria-label') && !(c.id && document.querySelector('label[for=\"' + c.id + '\"]'));"
				+ "}).map(function (c) { return c.outerHTML; });");
	}

	@Test
	void noPageBreaksTheContentSecurityPolicy() {
		logOut();
		// what other tests left in the log is not this test's
		this.browser.manage().logs().get(LogType.BROWSER);
		this.browser.get(url("/login"));
		this.browser.get(url("/register"));
		registerAndLogIn();
		for (String page : List.of("/", "/jobs", "/models", "/predictions", "/train", "/batch", "/schedules",
				"/datasets")) {
			this.browser.get(url(page));
			waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("main")));
		}
		// the schedules page itself is the admin's
		logOut();
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		this.browser.get(url("/schedules"));
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#schedules tbody")));
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		this.browser.findElement(By.id("predict-drawing")).click();
		List<String> violations = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.toList();
		assertThat(violations).isEmpty();
	}

	@Test
	void theConsoleLogSeesAContentSecurityPolicyViolation() {
		// the check above would pass vacuously if violations never reached the log
		this.browser.get(url("/login"));
		this.browser.executeScript(
				"var s = document.createElement('script'); s.textContent = '1'; " + "document.head.appendChild(s);");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.browser.manage()
				.logs()
				.get(LogType.BROWSER)
				.getAll()
				.stream()
				.anyMatch((entry) -> entry.getMessage().contains("Content Security Policy")));
	}

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

	/** A tiny digits model, trained in seconds and promoted (as PredictApiIT does). */
	void trainAndPromote() throws Exception {
		TrainingParameters parameters = TrainingParameters.defaults(Task.DIGITS)
			.withArchitecture("small")
			.withEpochs(1)
			.withBatchSize(32)
			.withSeed(1)
			.withAugmentation(false)
			.withEarlyStopping(0, 0.0);
		ModelVersion version = this.registry.register("digits", null, null, "{}");
		try (TrainedModel model = new Trainer().train(Task.DIGITS, TrainingData.images(blocks(200, 1), blocks(50, 2)),
				parameters)) {
			StoredFile artifact = this.storage.write("models/digits", "zip",
					(out) -> ModelArtifacts.write(model, null, null, out));
			this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		}
		this.registry.promote(version.getId());
	}

}
