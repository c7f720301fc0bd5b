package io.deepdock.webapp.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a personal API token may do. A password (the login form's session, or HTTP Basic)
 * may do everything its role allows; a token only what its scopes allow, and never more
 * than its user's role.
 *
 * <ul>
 * <li>{@code read}: every GET (lists, jobs, results, models, predictions, who am I);</li>
 * <li>{@code predict}: {@code POST /api/v1/predict/{task}}, feedback on a prediction and
 * deleting the image a prediction stored;</li>
 * <li>{@code train}: submitting and cancelling jobs (trainings, batches), uploading
 * datasets, and deleting one's datasets, model versions and batch results;</li>
 * <li>{@code admin}: an admin's routes (promote, roll back, built-in imports, schedules,
 * actuator) and managing tokens; only on an admin's token.</li>
 * </ul>
 */
enum TokenScope {

	READ, PREDICT, TRAIN, ADMIN;

	/** What a token gets when its request names no scopes. */
	static final Set<TokenScope> DEFAULT = Set.of(READ, PREDICT);

	/** The name in requests, answers and the database: {@code read}, ... */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The granted authority of a token with this scope. */
	String authority() {
		return "SCOPE_" + value();
	}

	static Optional<TokenScope> of(String value) {
		return Arrays.stream(values()).filter((scope) -> scope.value().equals(value)).findFirst();
	}

	static String names() {
		return Arrays.stream(values()).map(TokenScope::value).collect(Collectors.joining(", "));
	}

}
