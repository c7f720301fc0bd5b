package io.deepdock.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.launcher.swarm.ExternalTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real platform ({@code ./deepdock up} with nginx, one web replica, one worker, a
 * quick digits model trained through the API) used over nginx's port: a batch's results
 * CSV is downloaded through {@code X-Accel-Redirect} and the media role, only by its
 * owner or an admin, and no URL reaches media directly; then Debian's headless Chromium
 * registers, logs in, draws a digit, uploads a digit photo and tries another user's
 * result. Each browser test saves a screenshot under
 * {@code launcher/target/screenshots/}.
 *
 * <p>
 * Without Chromium the browser tests are skipped, and fail under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformBrowserIT {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	static final Path SCREENSHOTS = LocalPlatform.TARGET.resolve("screenshots");

	private static final Path DIGITS = DeepdockCli.REPOSITORY.resolve("core/src/test/resources/ml/digits");

	private static final String PASSWORD = "browser-password-1";

	private LocalPlatform platform;

	/** The owner of the batch. */
	private ApiClient owner;

	private long batchJob;

	private ChromeDriver browser;

	@BeforeAll
	void startThePlatformWithAModelAndABatch() throws Exception {
		this.platform = LocalPlatform.up("browser-e2e", "--web", "1", "--workers", "1", "--timeout", "420");
		this.platform.trainAQuickDigitsModel();
		this.owner = ApiClient.at(this.platform.url()).register(ApiClient.uniqueName("owner"), PASSWORD);
		this.batchJob = this.platform.awaitJob(
				uploadBatch(this.owner, "my digits é.zip",
						zipOf("3-ink-on-paper.png", "7-ink-on-paper.png", "1-chalk-on-board.jpg")),
				Duration.ofMinutes(3));
	}

	@AfterAll
	void stop() throws Exception {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.platform != null) {
			this.platform.close();
		}
	}

	@Test
	@Order(1)
	void theResultsCsvDownloadsThroughTheMediaRoleWithItsTypeAndASafeName() throws Exception {
		HttpResponse<String> download = this.owner.get("api/v1/jobs/" + this.batchJob + "/result");

		assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
		List<String> lines = download.body().lines().toList();
		assertThat(lines.get(0)).startsWith("input,prediction_id,label,labels,p_0,");
		assertThat(lines.subList(1, lines.size())).hasSize(3)
			.anySatisfy((line) -> assertThat(line).startsWith("3-ink-on-paper.png,"))
			.anySatisfy((line) -> assertThat(line).startsWith("7-ink-on-paper.png,"))
			.anySatisfy((line) -> assertThat(line).startsWith("1-chalk-on-board.jpg,"));
		assertThat(download.headers().firstValue("Content-Type")).contains("text/csv;charset=UTF-8");
		assertThat(download.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"job-"
				+ this.batchJob + "-results.csv\"; filename*=UTF-8''job-" + this.batchJob + "-results.csv");
		assertThat(download.headers().firstValue("Content-Length"))
			.contains(Integer.toString(download.body().getBytes(StandardCharsets.UTF_8).length));
		// the media role sent the bytes: nginx's static file headers, and none of the
		// web replica's own
		assertThat(download.headers().firstValue("ETag")).isPresent();
		assertThat(download.headers().firstValue("X-Deepdock-Replica")).isEmpty();
		assertThat(download.headers().firstValue("X-Accel-Redirect")).isEmpty();
		// an admin may download it too
		assertThat(this.platform.admin().get("api/v1/jobs/" + this.batchJob + "/result").body())
			.isEqualTo(download.body());
	}

	@Test
	@Order(1)
	void theWebReplicaItselfAnswersWithAnXAccelRedirectAndNoBody() throws Exception {
		int replica = this.platform.webappPorts().get(0);
		HttpResponse<String> answer = ApiClient.at(replica)
			.as(this.owner.username(), PASSWORD)
			.get("api/v1/jobs/" + this.batchJob + "/result");

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEmpty();
		assertThat(answer.headers().firstValue("X-Accel-Redirect")).hasValueSatisfying(
				(path) -> assertThat(path).matches("/_media/results/digits/\\d{4}/\\d{2}/[0-9a-f-]+\\.csv"));
	}

	@Test
	@Order(1)
	void anotherUserGetsNotFoundForTheResultUrl() throws Exception {
		ApiClient other = ApiClient.at(this.platform.url()).register(ApiClient.uniqueName("other"), PASSWORD);

		HttpResponse<String> refused = other.get("api/v1/jobs/" + this.batchJob + "/result");

		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(refused.body()).doesNotContain("input,prediction_id");
		assertThat(this.owner.anonymous().get("api/v1/jobs/" + this.batchJob + "/result").statusCode()).isEqualTo(401);
	}

	@Test
	@Order(1)
	void aDirectMediaUrlIsNotFoundEvenForTheOwner() throws Exception {
		int replica = this.platform.webappPorts().get(0);
		String accel = ApiClient.at(replica)
			.as(this.owner.username(), PASSWORD)
			.get("api/v1/jobs/" + this.batchJob + "/result")
			.headers()
			.firstValue("X-Accel-Redirect")
			.orElseThrow();
		String path = accel.substring("/_media/".length());
		assertThat(this.platform.home().resolve("media").resolve(path)).isRegularFile();

		assertThat(this.owner.get("_media/" + path).statusCode()).isEqualTo(404);
		assertThat(this.owner.get("media/" + path).statusCode()).isEqualTo(404);
		assertThat(this.owner.anonymous().get("_media/" + path).statusCode()).isEqualTo(404);
		// the media role itself serves only what lb forwards, with lb's token
		assertThat(ApiClient.at(this.platform.mediaPort()).get("_media/" + path).statusCode()).isEqualTo(404);
	}

	@Test
	@Order(1)
	void anUploadOverNginxsLimitGets413WithAProblemDetail() throws Exception {
		URI uri = URI.create(this.platform.url());
		// only the headers: nginx decides from Content-Length, before the body
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/jobs/batch HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
					+ "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (201L * 1024 * 1024)
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 413")
				.contains("Content-Type: application/problem+json")
				.contains("\"type\":\"https://deepdock.io/problems/too-large\"")
				.contains("\"status\":413");
		}
	}

	@Test
	@Order(2)
	void aUserRegistersLogsInDrawsADigitAndGetsItsPrediction() throws Exception {
		String username = registerAndLogIn();
		this.browser.get(url("/"));
		WebElement pad = this.browser.findElement(By.id("pad"));
		// a 7: a stroke to the right, then down to the left, with real mouse moves
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

		assertThat(this.browser.findElement(By.id("label")).getText()).matches("[0-9]");
		assertThat(this.browser.findElement(By.id("model-version")).getText()).matches("v\\d+");
		assertThat(this.browser.findElements(By.cssSelector("#chart g.bar"))).hasSize(10);
		assertThat(this.browser.findElement(By.id("current-user")).getText()).isEqualTo(username);
		screenshot("predict-drawn-digit");
	}

	@Test
	@Order(3)
	void aUserUploadsADigitPhotoAndGetsItsPrediction() throws Exception {
		registerAndLogIn();
		this.browser.get(url("/"));
		this.browser.findElement(By.id("image"))
			.sendKeys(DIGITS.resolve("7-ink-on-paper.png").toAbsolutePath().toString());
		this.browser.findElement(By.id("predict-upload")).click();
		waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));

		assertThat(this.browser.findElement(By.id("label")).getText()).matches("[0-9]");
		assertThat(this.browser.findElements(By.cssSelector("#chart g.bar"))).hasSize(10);
		screenshot("predict-uploaded-photo");
	}

	@Test
	@Order(4)
	void aUserCannotOpenAnotherUsersResultOrJobPage() throws Exception {
		registerAndLogIn();
		this.browser.get(url("/api/v1/jobs/" + this.batchJob + "/result"));
		assertThat(this.browser.findElement(By.tagName("body")).getText()).contains("There is no job " + this.batchJob)
			.doesNotContain("input,prediction_id");
		screenshot("another-users-result");
		this.browser.get(url("/jobs/" + this.batchJob));
		assertThat(this.browser.findElements(By.id("job-state"))).isEmpty();
		assertThat(this.browser.findElement(By.tagName("body")).getText()).contains("There is no job " + this.batchJob);
	}

	@Test
	@Order(5)
	void theOwnerSeesTheBatchOnTheJobsPageAndAnAdminEveryJobAndTheModel() throws Exception {
		logOut();
		logIn(this.owner.username(), PASSWORD);
		this.browser.get(url("/jobs"));
		assertThat(this.browser.findElement(By.id("jobs")).getText()).contains("#" + this.batchJob)
			.contains("BATCH_PREDICT")
			.contains("SUCCEEDED")
			.doesNotContain("TRAIN");
		logOut();
		logIn("admin", this.platform.adminPassword());
		this.browser.get(url("/jobs"));
		assertThat(this.browser.findElement(By.id("jobs")).getText()).contains("#" + this.batchJob)
			.contains("IMPORT_DATASET")
			.contains("TRAIN");
		screenshot("jobs");
		this.browser.get(url("/models"));
		assertThat(this.browser.findElement(By.id("task-digits")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("main")).getText()).contains("ACTIVE");
		screenshot("models");
	}

	// --- HTTP helpers

	private HttpResponse<String> uploadBatch(ApiClient client, String filename, byte[] zip) {
		String boundary = "deepdock-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\ndigits\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/zip\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(zip);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return client.send(client.request("api/v1/jobs/batch")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/** A zip of core's test photos of digits. */
	private static byte[] zipOf(String... names) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (String name : names) {
				zip.putNextEntry(new ZipEntry(name));
				try (InputStream in = Files.newInputStream(DIGITS.resolve(name))) {
					in.transferTo(zip);
				}
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	// --- browser helpers

	private String url(String path) {
		return this.platform.url() + (path.startsWith("/") ? path.substring(1) : path);
	}

	/** The one browser of the class, started by the first browser test. */
	private ChromeDriver browser() {
		if (this.browser == null) {
			boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
			ExternalTool.requireThat(installed,
					CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(new File(CHROMEDRIVER))
				.usingAnyFreePort()
				.build();
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--window-size=1280,1200");
			this.browser = new ChromeDriver(service, options);
		}
		return this.browser;
	}

	private WebDriverWait waiting() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(30));
	}

	/** Registers a new user through the form, then logs in through the login form. */
	private String registerAndLogIn() {
		logOut();
		String username = ApiClient.uniqueName("browser");
		browser().get(url("/register"));
		this.browser.findElement(By.id("reg-username")).sendKeys(username);
		this.browser.findElement(By.id("reg-password")).sendKeys(PASSWORD);
		this.browser.findElement(By.id("register-submit")).click();
		waiting().until(ExpectedConditions.urlContains("/login?registered"));
		logIn(username, PASSWORD);
		return username;
	}

	private void logIn(String username, String password) {
		if (!browser().getCurrentUrl().contains("/login")) {
			this.browser.get(url("/login"));
		}
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("login-submit")).click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("current-user")));
		assertThat(this.browser.findElement(By.id("current-user")).getText()).isEqualTo(username);
	}

	private void logOut() {
		browser();
		if (!this.browser.findElements(By.id("logout")).isEmpty()) {
			this.browser.findElement(By.id("logout")).click();
			waiting().until(ExpectedConditions.urlContains("/login?logout"));
		}
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name + ".png"), this.browser.getScreenshotAs(OutputType.BYTES));
	}

}
