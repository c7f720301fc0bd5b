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

import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON request bodies' contract on any bytes, read as the web app reads them (Spring
 * Boot's auto-configured Jackson 3 {@link JsonMapper}, then Bean Validation for the
 * {@code @Valid} ones): a value (or null, an empty body), or a {@link JacksonException},
 * which Spring turns into a 400 problem detail ({@code HttpMessageNotReadableException});
 * validation gives violations, never an exception. Never another exception, never an
 * {@link OutOfMemoryError} or a hang. The first byte (taken from the end of the input)
 * picks the body. In the unit tier this replays {@code RequestBodiesFuzzTestInputs/}; the
 * fuzz execution fuzzes it (docs/bad-inputs.md, Fuzzing).
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

	/** Boot's auto-configuration of the two, as the app gets them; open for the JVM. */
	private static final ConfigurableApplicationContext CONTEXT = new AnnotationConfigApplicationContext(
			JacksonAutoConfiguration.class, ValidationAutoConfiguration.class);

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

	@Test
	void everyBodyTypeExists() {
		assertThat(TYPES).hasSameSizeAs(BODIES).doesNotContainNull();
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
