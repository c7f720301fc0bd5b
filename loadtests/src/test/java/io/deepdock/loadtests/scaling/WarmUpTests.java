package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.loadtests.Summary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarmUpTests {

	private static Summary measured(double throughput) {
		return new Summary("predict-image", 1000, 0, throughput, 10, 20, 40, Path.of("web-1/warmup"), Map.of());
	}

	/** Windows that answer the given throughputs in turn, and the lengths asked for. */
	private static WarmUp.Window windows(List<Duration> asked, double... throughputs) {
		return (length, index) -> {
			asked.add(length);
			return measured(throughputs[index]);
		};
	}

	@Test
	void aWarmUpGoesOnWhileTheThroughputStillRises() throws Exception {
		List<Duration> asked = new ArrayList<>();
		WarmUp.Result result = WarmUp.until(5, Duration.ofSeconds(20), Duration.ofMinutes(10),
				windows(asked, 179, 310, 402, 415, 999));

		assertThat(result.throughputs()).containsExactly(179.0, 310.0, 402.0, 415.0);
		assertThat(result.steady()).isTrue();
		assertThat(asked).containsOnly(Duration.ofSeconds(20));
		assertThat(result.describe()).isEqualTo("179 → 310 → 402 → 415 req/s, steady (last two within 5 %)");
	}

	@Test
	void aWarmUpThatNeverSettlesStopsAtItsLimitAndSaysSo() throws Exception {
		List<Duration> asked = new ArrayList<>();
		WarmUp.Result result = WarmUp.until(5, Duration.ofSeconds(20), Duration.ofSeconds(60),
				windows(asked, 100, 200, 300, 400, 500));

		assertThat(result.throughputs()).containsExactly(100.0, 200.0, 300.0);
		assertThat(result.steady()).isFalse();
		assertThat(result.describe()).endsWith("NOT steady (last two beyond 5 %)");
	}

	@Test
	void withoutATolerancetheWarmUpIsOneWindow() throws Exception {
		List<Duration> asked = new ArrayList<>();
		WarmUp.Result result = WarmUp.until(0, Duration.ofSeconds(15), Duration.ofMinutes(10),
				windows(asked, 100, 200));

		assertThat(result.throughputs()).containsExactly(100.0);
		assertThat(result.describe()).isEqualTo("100 req/s");
	}

	@Test
	void aFallingThroughputWithinTheToleranceIsSteadyToo() {
		assertThat(WarmUp.steady(List.of(400.0, 390.0), 5)).isTrue();
		assertThat(WarmUp.steady(List.of(400.0, 370.0), 5)).isFalse();
		assertThat(WarmUp.steady(List.of(400.0), 5)).isFalse();
	}

	@Test
	void aWindowWhoseEveryRequestFailedStopsTheWarmUpWithItsReport() {
		WarmUp.Window failing = (length, index) -> new Summary("predict-image", 50, 50, 10, 1, 1, 1,
				Path.of("web-1/warmup-0"), Map.of());

		assertThatThrownBy(() -> WarmUp.until(5, Duration.ofSeconds(20), Duration.ofMinutes(10), failing))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("every warm-up request failed")
			.hasMessageContaining("web-1/warmup-0");
	}

}
