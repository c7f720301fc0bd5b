package io.deepdock.loadtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code predict-image} scenario ({@link Scenario#PREDICT_IMAGE}) against a running
 * platform, on demand (not part of {@code ./mvnw verify}):
 *
 * <pre>
 * ./mvnw -B -pl loadtests verify -Pload -Dtest=PredictImageLoad -Dloadtest.url=http://127.0.0.1:8080/ \
 *        -Dloadtest.users=16 -Dloadtest.duration=60s
 * </pre>
 *
 * It fails when the run's error rate passed {@code loadtest.maxErrorPercent} (where
 * {@code autoStop} ended it).
 */
class PredictImageLoad {

	@Test
	void predictsRealTestImagesAndAnswersAClassOfTheirTask() throws Exception {
		LoadSettings settings = LoadSettings.fromSystemProperties();
		Summary summary = Scenario.PREDICT_IMAGE.run(settings);
		assertThat(summary.samples()).as("requests sent").isPositive();
		assertThat(summary.errorPercent()).as("error rate (%), report in " + summary.report())
			.isLessThanOrEqualTo(settings.maxErrorPercent());
	}

}
