package io.deepdock.webapp.pages;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.ml.Task;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.core.datasets.ImageZips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datasets, models and predictions views in a real browser (Debian's headless
 * Chromium): a zip uploaded through the form and imported shows its counts and class
 * balance; a version's confusion matrix is a heat-map with the right numbers and a
 * toxicity version's AUC are bars; the predictions list shows thumbnails of image inputs
 * and its filters narrow it, the pager keeping them. Each test saves a screenshot under
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the worker's importer, run here by hand: the webapp itself does not instantiate it
@Import(DatasetImporter.class)
class ViewsBrowserIT {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	static final String[] DIGITS = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		// not a @TempDir: with a test instance per class, the context starts before those
		// are made
		registry.add("deepdock.media.dir", () -> {
			try {
				return Files.createTempDirectory("deepdock-views").toString();
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
	JdbcTemplate jdbc;

	@Autowired
	JobRepository jobs;

	@Autowired
	io.deepdock.core.jobs.JobLifecycle lifecycle;

	@Autowired
	DatasetImporter importer;

	@Autowired
	PredictionRepository predictions;

	final JsonMapper json = JsonMapper.builder().build();

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
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
				"--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--no-first-run");
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

	/** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
	void screenshot(String name) throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "screenshots"));
		Files.copy(this.browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	/** Registers through the form, then logs in through the login form. */
	String registerAndLogIn() {
		logOut();
		String username = ApiClient.uniqueName("views");
		this.browser.get(url("/register"));
		this.browser.findElement(By.id("reg-username")).sendKeys(username);
		this.browser.findElement(By.id("reg-password")).sendKeys(TestAdmin.USER_PASSWORD);
		this.browser.findElement(By.id("register-submit")).click();
		waiting().until(ExpectedConditions.urlContains("/login?registered"));
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(TestAdmin.USER_PASSWORD);
		this.browser.findElement(By.id("login-submit")).click();
		// not mere presence: a page still showing the previous user's header would pass
		// that before the login's redirect lands
		waiting().until(ExpectedConditions.textToBe(By.id("current-user"), username));
		return username;
	}

	void logOut() {
		if (this.browser.getCurrentUrl().startsWith("http") && !this.browser.findElements(By.id("logout")).isEmpty()) {
			this.browser.findElement(By.id("logout")).click();
			waiting().until(ExpectedConditions.urlContains("/login?logout"));
		}
	}

	long userId(String username) {
		return this.jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
	}

	@Test
	void theDatasetsPageShowsAnUploadedZipsCountsAndClassBalanceChart() throws Exception {
		registerAndLogIn();
		this.browser.get(url("/datasets"));
		assertThat(this.browser.findElement(By.id("builtin-digits")).getText()).contains("digits");
		String name = "zip-" + Long.toString(System.nanoTime(), 36);
		Path zip = Files.createTempFile("digits", ".zip");
		Files.write(zip, ImageZips.zip(DIGITS, new int[] { 10, 5, 5, 5, 5, 5, 5, 20, 5, 5 }, 4));
		new Select(this.browser.findElement(By.id("upload-task"))).selectByValue("digits");
		this.browser.findElement(By.id("upload-name")).sendKeys(name);
		this.browser.findElement(By.id("upload-file")).sendKeys(zip.toString());
		this.browser.findElement(By.id("upload-submit")).click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("queued-job")));
		long jobId = Long.parseLong(this.browser.findElement(By.id("queued-job")).getText().substring(1));
		// the worker's part: import what the page uploaded
		Job job = this.jobs.findById(jobId).orElseThrow();
		JsonNode payload = this.json.readTree(job.getPayload());
		long datasetId = this.importer
			.importImageZip(payload.path("upload").asString(), payload.path("sha256").asString(), Task.DIGITS,
					payload.path("name").asString(), job.getOwnerId(), (step) -> {
					}, (dataset) -> {
					})
			.getId();
		this.lifecycle.start(jobId, "worker-sim");
		this.lifecycle.attachDataset(jobId, datasetId);
		this.lifecycle.succeed(jobId, "{}");
		// the status follows the job live, and the new card appears without a reload
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "SUCCEEDED"));
		WebElement card = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("dataset-" + datasetId)));
		assertThat(this.browser.findElement(By.id("upload-status")).getText()).doesNotContain("Reload");
		assertThat(card.findElement(By.tagName("h3")).getText()).isEqualTo(name + " v1");
		assertThat(card.findElement(By.cssSelector(".count-train")).getText()).isEqualTo("56");
		assertThat(card.findElement(By.cssSelector(".count-test")).getText()).isEqualTo("14");
		List<WebElement> bars = card.findElements(By.cssSelector("svg.balance-chart g.bar"));
		assertThat(bars).hasSize(10);
		WebElement seven = bars.get(7);
		assertThat(seven.findElement(By.cssSelector("text.bar-value")).getText()).isEqualTo("16 + 4");
		// the fullest class fills the bar space; one with a quarter of it, a quarter
		int sevenTrain = Integer.parseInt(seven.findElement(By.cssSelector("rect.bar-train")).getAttribute("width"));
		int sevenTest = Integer.parseInt(seven.findElement(By.cssSelector("rect.bar-test")).getAttribute("width"));
		assertThat(sevenTrain + sevenTest).isBetween(299, 301);
		int oneTrain = Integer
			.parseInt(bars.get(1).findElement(By.cssSelector("rect.bar-train")).getAttribute("width"));
		assertThat(oneTrain).isEqualTo(60);
		screenshot("datasets-uploaded-zip");
	}

	@Test
	void theModelsPageShowsAConfusionHeatMapWithTheRightCellsAndAucBarsForToxicity() throws Exception {
		int[][] confusion = new int[10][10];
		for (int i = 0; i < 10; i++) {
			confusion[i][i] = 90 + i;
			confusion[i][(i + 1) % 10] = 10 - i;
		}
		StringBuilder perClass = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			perClass.append((i > 0) ? "," : "")
				.append("{\"label\":\"%d\",\"precision\":0.9,\"recall\":0.9,\"f1\":0.9,\"support\":100}".formatted(i));
		}
		String digitsMetrics = "{\"task\":\"digits\",\"metric\":\"accuracy\",\"score\":0.945,\"classification\":"
				+ "{\"examples\":1000,\"accuracy\":0.945,\"macroF1\":0.94,\"perClass\":[" + perClass
				+ "],\"confusion\":" + this.json.writeValueAsString(confusion) + "},\"multiLabel\":null}";
		long digits = this.registry.register("digits", null, null, "{}").getId();
		this.jdbc.update("UPDATE model_version SET metrics = ?::jsonb, status = 'READY' WHERE id = ?", digitsMetrics,
				digits);
		String toxicityMetrics = "{\"task\":\"toxicity\",\"metric\":\"mean_roc_auc\",\"score\":0.8,\"classification\":null,"
				+ "\"multiLabel\":{\"examples\":500,\"meanRocAuc\":0.8,\"perLabel\":["
				+ "{\"label\":\"toxic\",\"rocAuc\":0.9,\"positives\":50,\"precision\":0.8,\"recall\":0.7},"
				+ "{\"label\":\"severe_toxic\",\"rocAuc\":0.75,\"positives\":10,\"precision\":0.5,\"recall\":0.4},"
				+ "{\"label\":\"obscene\",\"rocAuc\":0.5,\"positives\":20,\"precision\":0.5,\"recall\":0.4},"
				+ "{\"label\":\"threat\",\"rocAuc\":null,\"positives\":0,\"precision\":0,\"recall\":0},"
				+ "{\"label\":\"insult\",\"rocAuc\":0.95,\"positives\":30,\"precision\":0.5,\"recall\":0.4},"
				+ "{\"label\":\"identity_hate\",\"rocAuc\":0.8,\"positives\":5,\"precision\":0.5,\"recall\":0.4}]}}";
		long toxicity = this.registry.register("toxicity", null, null, "{}").getId();
		this.jdbc.update("UPDATE model_version SET metrics = ?::jsonb, status = 'READY' WHERE id = ?", toxicityMetrics,
				toxicity);
		registerAndLogIn();
		this.browser.get(url("/models"));
		open("evaluation-" + digits);
		WebElement heatmap = this.browser.findElement(By.id("confusion-" + digits));
		List<WebElement> rows = heatmap.findElements(By.cssSelector("tbody tr"));
		assertThat(rows).hasSize(10);
		for (int actual = 0; actual < 10; actual++) {
			List<WebElement> cells = rows.get(actual).findElements(By.tagName("td"));
			assertThat(cells).hasSize(10);
			for (int predicted = 0; predicted < 10; predicted++) {
				assertThat(cells.get(predicted).getText()).as(actual + "," + predicted)
					.isEqualTo(Integer.toString(confusion[actual][predicted]));
			}
		}
		// shaded by the share of the row: 93 of 100 is the darkest, 7 of 100 pale, 0
		// blank
		WebElement diagonal = rows.get(3).findElements(By.tagName("td")).get(3);
		assertThat(diagonal.getAttribute("class")).contains("heat-9").contains("diagonal");
		assertThat(rows.get(3).findElements(By.tagName("td")).get(4).getAttribute("class")).contains("heat-1");
		assertThat(rows.get(3).findElements(By.tagName("td")).get(0).getAttribute("class")).contains("heat-0");
		assertThat(diagonal.getCssValue("background-color"))
			.isNotEqualTo(rows.get(3).findElements(By.tagName("td")).get(0).getCssValue("background-color"));
		screenshot("models-heatmap");
		open("evaluation-" + toxicity);
		List<WebElement> bars = this.browser.findElements(By.cssSelector("#auc-" + toxicity + " g.bar"));
		assertThat(bars).extracting((bar) -> bar.getAttribute("data-label"))
			.containsExactly("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate");
		assertThat(bars.get(0).findElement(By.cssSelector("text.bar-value")).getText()).isEqualTo("0.900");
		assertThat(bars.get(0).findElement(By.cssSelector("rect.bar-auc")).getAttribute("width")).isEqualTo("270");
		assertThat(bars.get(3).findElement(By.cssSelector("text.bar-value")).getText()).contains("undefined");
		screenshot("models-auc");
	}

	/** Opens a closed {@code <details>} by its summary, as a user would. */
	void open(String detailsId) {
		WebElement details = this.browser.findElement(By.id(detailsId));
		if (details.getAttribute("open") == null) {
			details.findElement(By.tagName("summary")).click();
		}
		waiting().until((driver) -> details.getAttribute("open") != null);
		((org.openqa.selenium.JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView()", details);
	}

	@Test
	void thePredictionsPageShowsThumbnailsAndItsFiltersNarrowTheListAcrossPages() throws Exception {
		String username = registerAndLogIn();
		long me = userId(username);
		long version = this.registry.register("digits", null, null, "{}").getId();
		byte[] seven = new byte[784];
		for (int y = 4; y < 24; y++) {
			for (int x = 12; x < 16; x++) {
				seven[y * 28 + x] = (byte) 255;
			}
		}
		long drawn = 0;
		for (int i = 0; i < 22; i++) {
			drawn = this.predictions
				.save(new Prediction("digits", me, version, (i % 2 == 0) ? "7" : "1", "{\"7\":0.9}", 1000))
				.getId();
			this.jdbc.update("UPDATE prediction SET features = ? WHERE id = ?", seven, drawn);
		}
		this.jdbc.update("UPDATE prediction SET feedback_label = '4', feedback_at = now() WHERE id = ?", drawn);
		long text = this.predictions.save(new Prediction("toxicity", me, version, "toxic", "{\"toxic\":0.9}", 1000))
			.getId();
		this.jdbc.update("UPDATE prediction SET input_text = 'you are awful' WHERE id = ?", text);

		this.browser.get(url("/predictions"));
		assertThat(this.browser.findElements(By.cssSelector("#predictions tbody tr"))).hasSize(20);
		WebElement thumbnail = this.browser
			.findElement(By.cssSelector("#predictions tr[data-id='" + drawn + "'] img.thumbnail"));
		waiting().until((driver) -> (Boolean) this.browser
			.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail));
		assertThat(((Number) this.browser.executeScript("return arguments[0].naturalWidth", thumbnail)).intValue())
			.isEqualTo(56);
		assertThat(this.browser.findElements(By.cssSelector("#predictions tr[data-id='" + text + "'] img"))).isEmpty();
		screenshot("predictions-thumbnails");

		// the thumbnail is its owner's: another user gets 404
		ApiClient other = TestAdmin.newUser(this.port, "peeker");
		assertThat(other.get("/api/v1/predictions/" + drawn + "/image").statusCode()).isEqualTo(404);

		new Select(this.browser.findElement(By.id("filter-task"))).selectByValue("toxicity");
		this.browser.findElement(By.id("filter-submit")).click();
		waiting().until(ExpectedConditions.urlContains("task=toxicity"));
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#predictions tbody tr"));
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getText()).contains("you are awful");

		new Select(this.browser.findElement(By.id("filter-task"))).selectByValue("digits");
		this.browser.findElement(By.id("filter-submit")).click();
		waiting().until(ExpectedConditions.urlContains("task=digits"));
		assertThat(this.browser.findElements(By.cssSelector("#predictions tbody tr"))).hasSize(20);
		// the pager keeps the filter
		this.browser.findElement(By.id("older")).click();
		waiting().until(ExpectedConditions.urlContains("page=1"));
		assertThat(this.browser.getCurrentUrl()).contains("task=digits");
		assertThat(this.browser.findElements(By.cssSelector("#predictions tbody tr"))).hasSize(2)
			.allSatisfy((row) -> assertThat(row.getText()).contains("digits"));
		assertThat(new Select(this.browser.findElement(By.id("filter-task"))).getFirstSelectedOption()
			.getAttribute("value")).isEqualTo("digits");

		new Select(this.browser.findElement(By.id("filter-feedback"))).selectByValue("with");
		this.browser.findElement(By.id("filter-submit")).click();
		waiting().until(ExpectedConditions.urlContains("feedback=with"));
		rows = this.browser.findElements(By.cssSelector("#predictions tbody tr"));
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getAttribute("data-id")).isEqualTo(Long.toString(drawn));

		new Select(this.browser.findElement(By.id("filter-feedback"))).selectByValue("");
		this.browser.findElement(By.id("filter-label")).sendKeys("7");
		this.browser.findElement(By.id("filter-submit")).click();
		waiting().until(ExpectedConditions.urlContains("label=7"));
		assertThat(this.browser.findElements(By.cssSelector("#predictions tbody tr"))).hasSize(11);
		screenshot("predictions-filtered");
	}

	@Test
	void myPredictionsAreNewestFirstByWhenTheyWereAnsweredNotByTheirIds() {
		String username = registerAndLogIn();
		long me = userId(username);
		long version = this.registry.register("digits", null, null, "{}").getId();
		List<Long> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.predictions.save(new Prediction("digits", me, version, "7", "{\"7\":0.9}", 1000)).getId());
		}
		// two replicas take ids in blocks: the highest id may be the oldest answer
		this.jdbc.update("UPDATE prediction SET created_at = now() - interval '1 hour' WHERE id = ?", ids.get(2));
		this.jdbc.update("UPDATE prediction SET created_at = now() - interval '1 minute' WHERE id = ?", ids.get(0));
		this.jdbc.update("UPDATE prediction SET created_at = now() WHERE id = ?", ids.get(1));
		this.browser.get(url("/predictions"));
		assertThat(this.browser.findElements(By.cssSelector("#predictions tbody tr")))
			.extracting((row) -> Long.parseLong(row.getAttribute("data-id")))
			.containsExactly(ids.get(1), ids.get(0), ids.get(2));
		// the times read as people say them, the exact one on hover
		WebElement oldest = this.browser
			.findElement(By.cssSelector("#predictions tr[data-id='" + ids.get(2) + "'] time"));
		assertThat(oldest.getText()).isEqualTo("1 h ago");
		assertThat(oldest.getAttribute("title")).endsWith("UTC");
		// the API's default order is the same
		ApiClient api = ApiClient.at(this.port).as(username, TestAdmin.USER_PASSWORD);
		assertThat(this.json.readTree(api.get("/api/v1/predictions").body()).path("content"))
			.extracting((row) -> row.path("id").asLong())
			.containsExactly(ids.get(1), ids.get(0), ids.get(2));
	}

}
