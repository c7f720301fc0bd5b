package io.deepdock.loadtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code browse} scenario ({@link Scenario#BROWSE}) against a running platform, on
 * demand (not part of {@code ./mvnw verify}):
 *
 * <pre>
 * ./mvnw -B -pl loadtests verify -Pload -Dtest=BrowseLoad -Dloadtest.url=http://127.0.0.1:8080/ \
 *        -Dloadtest.users=16 -Dloadtest.duration=60s
 * </pre>
 *
 * It fails when the run's error rate passed {@code loadtest.maxErrorPercent} (where
 * {@code autoStop} ended it).
 */
class BrowseLoad {

	@Test
	void logsInAndOpensThePagesWithTheirAssetsAndMedia() throws Exception {
		LoadSettings settings = LoadSettings.fromSystemProperties();
		Summary summary = Scenario.BROWSE.run(settings);
		assertThat(summary.samples()).as("requests sent").isPositive();
		assertThat(summary.errorPercent()).as("error rate (%), report in " + summary.report())
			.isLessThanOrEqualTo(settings.maxErrorPercent());
	}

}
