package io.deepdock.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test: every measurement runs for a fraction of a second and gives a figure. No
 * speed is asserted (the machine is shared; docs/performance.md holds the figures).
 */
class NetworkBenchTest {

	@Test
	void measuresEveryFigureOfTheLeNetInAFewSeconds() throws Exception {
		NetworkBench.Options options = NetworkBench.Options.parse(new String[] { "--network", "lenet", "--train-batch",
				"8", "--train-batches", "2", "--train-warmup-seconds", "0", "--seconds", "0.1", "--callers", "4" });
		Map<String, String> results = NetworkBench.run(options, new Results(null)).values();
		assertThat(results).containsKeys("train_img_s", "b1_p50_ms", "b1_p99_ms", "b32_img_s", "b256_img_s",
				"b32_raw_img_s", "engine_img_s", "engine_mean_batch", "peak_rss_mb", "b1_max_ms", "b1_gc_count",
				"b1_gc_ms", "b1_engine_p50_ms", "b1_engine_p99_ms", "b1_engine_gc_count", "b1_mirror_p50_ms",
				"b1_mirror_p99_ms", "b32_mirror_img_s");
		assertThat(Double.parseDouble(results.get("engine_img_s"))).isPositive();
	}

	@Test
	void trainsUntilTheWarmUpTimeHasPassedBeforeTimingAndAtLeastFiveBatches() throws Exception {
		NetworkBench.Options none = NetworkBench.Options.parse(new String[] { "--network", "lenet", "--train-batch",
				"4", "--train-batches", "2", "--train-warmup-seconds", "0", "--infer", "false" });
		NetworkBench.Options second = NetworkBench.Options.parse(new String[] { "--network", "lenet", "--train-batch",
				"4", "--train-batches", "2", "--train-warmup-seconds", "1", "--infer", "false" });

		Map<String, String> withoutWarmUpTime = NetworkBench.run(none, new Results(null)).values();
		Map<String, String> withASecond = NetworkBench.run(second, new Results(null)).values();

		// however loaded the machine: 5 batches when no time is asked, and at least the
		// time asked (and 5 batches) before the timed ones
		assertThat(withoutWarmUpTime).containsEntry("train_warmup_batches", "5");
		assertThat(Integer.parseInt(withASecond.get("train_warmup_batches"))).isGreaterThanOrEqualTo(5);
		assertThat(Double.parseDouble(withASecond.get("train_warmup_s"))).isGreaterThanOrEqualTo(1.0);
	}

	@Test
	void loadsTheThreeTaskModels() throws Exception {
		Map<String, String> results = ModelsRss.run(Map.of(), 50, 8, new Results(null)).values();
		assertThat(results).containsKeys("rss_loaded_mb", "rss_served_long_mb", "peak_rss_mb")
			.containsEntry("models", "digits=generated,fashion=generated,toxicity=generated");
	}

	@Test
	void reportsRatiosAsSpeedWhateverTheUnit() {
		Map<String, String> dl4j = Map.of("train_img_s", "500", "b1_p50_ms", "2", "b32_img_s", "100", "engine_img_s",
				"80");
		Map<String, String> torch = Map.of("train_img_s", "1000", "b1_p50_ms", "1");
		String table = Report.main(List.of("lenet"), Map.of("lenet", dl4j), Map.of("lenet", torch));
		assertThat(table).contains("| training (img/s) | 500 | 1,000 | 0.50× |")
			.contains("| batch-1 latency, median (ms) | 2.00 | 1.00 | 0.50× |")
			.contains("80 % (mean batch )");
	}

	@Test
	void saysHowManyWarmUpBatchesEachSideTrainedBeforeTiming() {
		Map<String, String> dl4j = Map.of("train_img_s", "500", "train_warmup_batches", "312");
		Map<String, String> torch = Map.of("train_img_s", "1000", "train_warmup_batches", "1210");
		String table = Report.main(List.of("lenet"), Map.of("lenet", dl4j), Map.of("lenet", torch));
		assertThat(table).contains("Training of lenet timed after 312 warm-up batches (DL4J) and 1,210 (PyTorch).");
	}

	@Test
	void reportsTheServingBatch1LatencyBesideTheTrainingFlags() {
		Map<String, String> serving = Map.of("b1_p99_ms", "3", "b1_engine_p99_ms", "4", "b1_gc_count", "2", "b1_gc_ms",
				"7", "b1_mirror_p99_ms", "3.5");
		String table = Report.serving(List.of("lenet"), Map.of("lenet", serving),
				Map.of("lenet", Map.of("b1_p99_ms", "30")));
		assertThat(table).contains("| serving: Predictor, p99 | 3.00 | ≤ 5 |")
			.contains("| serving: through the engine, p99 | 4.00 | ≤ 5 |")
			.contains("| serving a Fashion model (each image with its mirror): Predictor, p99 | 3.50 | ≤ 5 |")
			.contains("| serving: collections during the Predictor's window (count / ms) | 2.00 / 7.00 |")
			.contains("| training flags (OpenMP 2, the table above): Predictor, p99 | 30.0 |");
	}

	@Test
	void readsResultLinesOnly() {
		assertThat(Results.parse(List.of("# torch 1.13", "RESULT train_img_s 12.5", "noise", "RESULT bad")))
			.containsExactly(Map.entry("train_img_s", "12.5"));
	}

}
