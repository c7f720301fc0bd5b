package io.deepdock.webapp;

import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.deepdock.core.schedules.ScheduleSpec;
import io.deepdock.webapp.limits.RequestLimits;

import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON request bodies' contract on any bytes, read as the web app reads them (the
 * app's own Jackson 3 {@link JsonMapper}: Boot's, with the app's read limits and NUL
 * check; then Bean Validation for the {@code @Valid} ones): a value (or null, an empty
 * body), or a {@link JacksonException}, which Spring turns into a 400 problem detail
 * ({@code HttpMessageNotReadableException}); validation gives violations, never an
 * exception. Never another exception, never an {@link OutOfMemoryError} or a hang. The
 * first byte (taken from the end of the input) picks the body. In the unit tier this
 * replays {@code RequestBodiesFuzzTestInputs/}; the fuzz execution fuzzes it
 * (docs/bad-inputs.md, Fuzzing).
 */
class RequestBodiesFuzzTest {

	/**
	 * The {@code @RequestBody} types; most are package-private records of their
	 * controllers, so named here (a rename fails {@link #everyBodyTypeExists}).
	 */
	static final List<String> BODIES = List.of("io.deepdock.webapp.predictions.PredictController$PredictJson",
			"io.deepdock.webapp.security.AccountController$RegisterRequest",
			"io.deepdock.webapp.security.AccountController$TokenRequest",
			"io.deepdock.webapp.jobs.JobSubmissionController$SubmitRequest", ScheduleSpec.class.getName(),
			"io.deepdock.webapp.datasets.DatasetController$ImportRequest",
			"io.deepdock.webapp.predictions.PredictionController$FeedbackRequest");

	static final List<Class<?>> TYPES = BODIES.stream().<Class<?>>map(RequestBodiesFuzzTest::load).toList();

	/**
	 * The app's own mapper and validator: Boot's auto-configuration of the two plus the
	 * app's customisations of the mapper ({@code limits.JsonLimitsConfiguration}'s
	 * {@code StreamReadConstraints} and {@code problems.JsonTextRules}' NUL check), bound
	 * to the app's {@code application.yml}; open for the JVM. Both are package-private,
	 * hence named.
	 */
	private static final ConfigurableApplicationContext CONTEXT = new SpringApplicationBuilder(AppJson.class,
			load("io.deepdock.webapp.limits.JsonLimitsConfiguration"),
			load("io.deepdock.webapp.problems.JsonTextRules"))
		.web(WebApplicationType.NONE)
		.bannerMode(Banner.Mode.OFF)
		.logStartupInfo(false)
		.run();

	static final JsonMapper MAPPER = CONTEXT.getBean(JsonMapper.class);

	static final Validator VALIDATOR = CONTEXT.getBean(Validator.class);

	@FuzzTest(maxDuration = "10s")
	void readsAValueOrAJacksonExceptionAndValidatesWithoutThrowing(FuzzedDataProvider data) {
		Class<?> type = TYPES.get(data.consumeInt(0, TYPES.size() - 1));
		byte[] body = data.consumeRemainingAsBytes();
		Object value;
		try {
			value = MAPPER.readValue(body, type);
		}
		catch (JacksonException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		if (value != null) {
			assertThat(value).isInstanceOf(type);
			Set<ConstraintViolation<Object>> violations = VALIDATOR.validate(value);
			for (ConstraintViolation<Object> violation : violations) {
				assertThat(violation.getMessage()).isNotBlank();
			}
		}
	}

	/**
	 * The mapper fuzzed is the app's: it refuses what only the app's customisations
	 * refuse (Boot's default mapper reads both).
	 */
	@Test
	void fuzzesTheAppsOwnMapperWithItsLimitsAndTextRules() {
		String longNumber = "{\"label\":\"x\",\"n\":" + "1".repeat(101) + "}";
		assertThatThrownBy(() -> MAPPER.readTree(longNumber)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("Number value length");
		assertThatThrownBy(() -> MAPPER.readValue("{\"label\":\"a\\u0000b\"}", TYPES.get(TYPES.size() - 1)))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("NUL");
	}

	@Test
	void everyBodyTypeExists() {
		assertThat(TYPES).hasSameSizeAs(BODIES).doesNotContainNull();
	}

	/**
	 * Boot's Jackson and validation, and the app's limits bound from its configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, ValidationAutoConfiguration.class })
	@EnableConfigurationProperties(RequestLimits.class)
	static class AppJson {

	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("no request body type " + name, ex);
		}
	}

}
