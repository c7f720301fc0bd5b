package io.deepdock.webapp;

import io.deepdock.embedded.test.ApiClient;

/**
 * The first admin every web app integration test has (set in
 * {@code src/test/resources/config/application.properties}), and users made on the fly.
 */
public final class TestAdmin {

	public static final String USERNAME = "admin";

	public static final String PASSWORD = "admin-password-for-tests";

	/** A password good enough for registration. */
	public static final String USER_PASSWORD = "a-long-test-password";

	private TestAdmin() {
	}

	/** The admin, on the web app on {@code port}. */
	public static ApiClient admin(int port) {
		return ApiClient.at(port).as(USERNAME, PASSWORD);
	}

	/** A freshly registered USER, on the web app on {@code port}. */
	public static ApiClient newUser(int port, String prefix) {
		return ApiClient.at(port).register(ApiClient.uniqueName(prefix), USER_PASSWORD);
	}

}
