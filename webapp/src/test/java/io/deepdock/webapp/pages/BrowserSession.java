package io.deepdock.webapp.pages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium (Debian's, through an explicit {@link ChromeDriverService}: no
 * Selenium Manager, which would try the network) for a browser test class: its pages'
 * URLs, logging in and out through the forms, screenshots under
 * {@code target/screenshots/}, and a download folder of its own.
 */
final class BrowserSession implements AutoCloseable {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	final ChromeDriver browser;

	final Path downloads;

	private final int port;

	private BrowserSession(ChromeDriver browser, Path downloads, int port) {
		this.browser = browser;
		this.downloads = downloads;
		this.port = port;
	}

	/**
	 * Starts Chromium, or skips the test class where it is not installed (CI requires
	 * it).
	 */
	static BrowserSession start(int port) {
		boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
		if (!installed && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
					+ " is missing: apt-get install chromium chromium-driver");
		}
		Assumptions.assumeTrue(installed, "Chromium is not installed here (apt-get install chromium chromium-driver)");
		Path downloads;
		try {
			downloads = Files.createTempDirectory("deepdock-downloads");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000");
		options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
				"download.prompt_for_download", false, "safebrowsing.enabled", false));
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		return new BrowserSession(new ChromeDriver(service, options), downloads, port);
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	void open(String path) {
		this.browser.get(url(path));
	}

	WebDriverWait waiting() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(30));
	}

	/** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.write(target, this.browser.getScreenshotAs(OutputType.BYTES));
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Registers a new user through the form, then logs in through the login form. */
	String registerAndLogIn() {
		logOut();
		String username = ApiClient.uniqueName("forms");
		open("/register");
		this.browser.findElement(By.id("reg-username")).sendKeys(username);
		this.browser.findElement(By.id("reg-password")).sendKeys(TestAdmin.USER_PASSWORD);
		this.browser.findElement(By.id("register-submit")).click();
		waiting().until(ExpectedConditions.urlContains("/login?registered"));
		logIn(username, TestAdmin.USER_PASSWORD);
		return username;
	}

	/** Logs in as the configured first admin. */
	void logInAsAdmin() {
		logOut();
		logIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
	}

	void logIn(String username, String password) {
		if (!this.browser.getCurrentUrl().contains("/login")) {
			open("/login");
		}
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("login-submit")).click();
		// not mere presence: a page still showing the previous user's header would pass
		// that before the login's redirect lands
		waiting().until(ExpectedConditions.textToBe(By.id("current-user"), username));
	}

	void logOut() {
		if (this.browser.getCurrentUrl().startsWith("http") && !this.browser.findElements(By.id("logout")).isEmpty()) {
			this.browser.findElement(By.id("logout")).click();
			waiting().until(ExpectedConditions.urlContains("/login?logout"));
		}
	}

	@Override
	public void close() {
		this.browser.quit();
	}

}
