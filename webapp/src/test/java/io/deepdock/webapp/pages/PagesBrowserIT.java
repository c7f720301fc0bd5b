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
		assertThat(this.browser.findElements(By.cssSelector("#chart g.bar"))).hasSize(10);
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
		this.browser.get(url("/predictions"));
		assertThat(this.browser.findElement(By.cssSelector("#predictions tbody tr")).getText()).contains("digits")
			.contains(truth);
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
		assertThat(this.browser.findElements(By.cssSelector("#chart g.bar"))).hasSize(10);
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
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("task"))).selectByValue("toxicity");
		this.browser.findElement(By.id("text")).sendKeys("you are lovely");
		this.browser.findElement(By.id("predict-text")).click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "No model serves"));
	}

	@Test
	void aJobPageFollowsTheJobAndCancelsIt() {
		logOut();
		registerAndLogIn();
		this.browser.get(url("/"));
		// the page's own session posts the job: the same CSRF header the scripts send
		Object id = this.browser.executeAsyncScript(
				"var done = arguments[0];" + "deepdock.call('POST', '/api/v1/jobs', {type: 'TRAIN', task: 'digits'})"
						+ ".then(function (r) { done(r.status === 202 ? r.body.id : 'status ' + r.status); });");
		assertThat(id).isInstanceOf(Number.class);
		this.browser.get(url("/jobs"));
		this.browser.findElement(By.linkText("#" + id)).click();
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "state QUEUED"));
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
		assertThat(this.browser.findElements(By.cssSelector("#loss-chart polyline"))).hasSize(1);
		assertThat(this.browser.findElements(By.cssSelector("#loss-chart circle"))).hasSize(3);
		assertThat(this.browser.findElements(By.cssSelector("#score-chart polyline"))).hasSize(2);
		assertThat(this.browser.findElement(By.id("throughput")).getText()).contains("850 img/s");
		// the list shows how far a running training has come
		this.jdbc.update("UPDATE job SET state = 'RUNNING' WHERE id = ?", id);
		this.browser.get(url("/jobs"));
		WebElement bar = this.browser.findElement(By.cssSelector("#jobs progress"));
		assertThat(bar.getAttribute("value")).isEqualTo("3");
		assertThat(bar.getAttribute("max")).isEqualTo("3");
		assertThat(bar.getAttribute("aria-label")).isEqualTo("Job " + id + ": epoch 3 of 3");
	}

	@Test
	void onlyAdminsGetPromoteButtonsAndARefusedPromotionIsExplained() {
		long version = this.registry.register("toxicity", null, null, "{}").getId();
		logOut();
		registerAndLogIn();
		this.browser.get(url("/models"));
		assertThat(this.browser.findElement(By.id("task-toxicity")).isDisplayed()).isTrue();
		assertThat(this.browser.findElements(By.cssSelector("button.promote"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector("button.rollback"))).isEmpty();
		logOut();
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		this.browser.get(url("/models"));
		assertThat(this.browser.findElements(By.cssSelector("button.rollback"))).isNotEmpty();
		// the version was never trained: the API refuses it (409) and the page says why
		this.browser.findElement(By.cssSelector("button.promote[data-id='" + version + "']")).click();
		waiting().until((driver) -> {
			String status = driver.findElement(By.id("models-status")).getText();
			return !status.isEmpty() && !status.startsWith("Working");
		});
		assertThat(this.browser.findElement(By.id("models-status")).getText()).isNotBlank()
			.doesNotContain("not logged in")
			.doesNotContain("may not");
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
