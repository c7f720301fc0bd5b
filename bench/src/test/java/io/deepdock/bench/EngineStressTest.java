package io.deepdock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineStressTest {

	@Test
	void answersEveryRequestAcrossModelSwapsAndCollections() throws Exception {
		EngineStress stress = new EngineStress();
		stress.seconds = 3;
		stress.callers = 4;
		stress.swapEvery = Duration.ofSeconds(1);
		stress.gcEvery = Duration.ofMillis(200);
		List<String> progress = new ArrayList<>();

		EngineStress.Outcome outcome = stress.run(progress::add);

		assertThat(outcome.failed()).isZero();
		assertThat(outcome.answered()).isPositive();
		assertThat(outcome.swaps()).isGreaterThanOrEqualTo(1);
		assertThat(progress).isNotEmpty().allMatch((line) -> line.startsWith("answered "));
	}

}
