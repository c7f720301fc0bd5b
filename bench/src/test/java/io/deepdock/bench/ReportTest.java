package io.deepdock.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	@Test
	void theServingTableGivesTheEngineAgainstBatch32AsAWebReplicaRunsItWithItsTarget() {
		Map<String, String> serving = Map.of("b32_img_s", "5000", "engine_img_s", "5150", "engine_mean_batch", "31.9");
		Map<String, String> training = Map.of("b32_img_s", "7400", "engine_img_s", "4750", "b1_p99_ms", "16");

		String table = Report.serving(List.of("standard"), Map.of("standard", serving), Map.of("standard", training));

		assertThat(table).contains("| serving: batch-32 img/s | 5,000 |")
			.contains("| serving: engine, 64 callers (max batch 32, 5 ms), img/s | 5,150 |")
			.contains("| serving: engine ÷ batch-32 | 103 % | ≥ 70 % |");
	}

	@Test
	void theMainTableNamesTheEngineRatioOfTheTrainingFlagsWithoutTheServingTarget() {
		Map<String, String> training = Map.of("b32_img_s", "7400", "engine_img_s", "4750", "engine_mean_batch", "31.9");

		String table = Report.main(List.of("standard"), Map.of("standard", training), null);

		assertThat(table).contains("| engine ÷ raw batch-32, training flags (OpenMP 2) | 64 % (mean batch 31.9) |")
			.doesNotContain("target ≥ 70 %");
	}

}
