package io.deepdock.loadtests;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSettingsTests {

	@Test
	void readsTargetUsersRampDurationThinkTimeAndArrivalRateFromProperties() {
		Properties properties = new Properties();
		properties.setProperty("loadtest.url", "http://127.0.0.1:9090");
		properties.setProperty("loadtest.users", "64");
		properties.setProperty("loadtest.ramp", "10s");
		properties.setProperty("loadtest.duration", "2m");
		properties.setProperty("loadtest.think", "250ms");
		properties.setProperty("loadtest.rps", "300");
		properties.setProperty("loadtest.password", "secret");
		properties.setProperty("loadtest.tasks", "digits");
		LoadSettings settings = LoadSettings.from(properties);
		assertThat(settings.url()).isEqualTo("http://127.0.0.1:9090/");
		assertThat(settings.users()).isEqualTo(64);
		assertThat(settings.ramp()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.think()).isEqualTo(Duration.ofMillis(250));
		assertThat(settings.rps()).isEqualTo(300);
		assertThat(settings.password()).isEqualTo("secret");
		assertThat(settings.tasks()).isEqualTo(List.of("digits"));
	}

	@Test
	void iterationsBoundTheRunInsteadOfItsDuration() {
		Properties properties = new Properties();
		properties.setProperty("loadtest.iterations", "25");
		assertThat(LoadSettings.from(properties).iterations()).isEqualTo(25);
		assertThat(LoadSettings.from(new Properties()).iterations()).isZero();
		assertThat(LoadSettings.from(properties).withDuration(Duration.ofSeconds(5)).iterations())
			.as("a warm-up is held for its duration")
			.isZero();
		assertThat(LoadSettings.from(new Properties()).withIterations(3).iterations()).isEqualTo(3);
	}

	@Test
	void iterationsWithAnArrivalRateAreRefusedWithBothValues() {
		Properties properties = new Properties();
		properties.setProperty("loadtest.iterations", "25");
		properties.setProperty("loadtest.rps", "300");
		assertThatThrownBy(() -> LoadSettings.from(properties)).hasMessageContaining("loadtest.iterations (25)")
			.hasMessageContaining("loadtest.rps (300.0)");
		properties.setProperty("loadtest.rps", "0");
		properties.setProperty("loadtest.iterations", "-1");
		assertThatThrownBy(() -> LoadSettings.from(properties))
			.hasMessageContaining("loadtest.iterations must be at least 0, not -1");
	}

	@Test
	void plainNumbersAreSeconds() {
		assertThat(LoadSettings.duration("60")).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void aBadDurationOrUserCountNamesTheValue() {
		assertThatThrownBy(() -> LoadSettings.duration("soon")).hasMessageContaining("'soon'");
		Properties properties = new Properties();
		properties.setProperty("loadtest.users", "0");
		assertThatThrownBy(() -> LoadSettings.from(properties))
			.hasMessageContaining("loadtest.users must be at least 1");
	}

	@Test
	void namesAnUnknownScenarioAndTheKnownOnes() {
		assertThat(Scenario.of("predict-image")).isEqualTo(Scenario.PREDICT_IMAGE);
		assertThatThrownBy(() -> Scenario.of("soak"))
			.hasMessageContaining("browse, predict-image, predict-text, mixed");
	}

}
