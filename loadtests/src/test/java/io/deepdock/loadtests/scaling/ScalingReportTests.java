package io.deepdock.loadtests.scaling;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.deepdock.loadtests.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingReportTests {

	@TempDir
	Path out;

	private Step step(int replicas, double throughput, double web, double loadgen, double nginx, double postgres,
			double machine) {
		Map<String, ProcessSampler.Usage> usage = new LinkedHashMap<>();
		for (int i = 1; i <= replicas; i++) {
			usage.put("webapp-" + i, new ProcessSampler.Usage(web / replicas, 500_000_000L));
		}
		usage.put("load generator", new ProcessSampler.Usage(loadgen, 300_000_000L));
		usage.put("nginx", new ProcessSampler.Usage(nginx, 10_000_000L));
		usage.put("postgres", new ProcessSampler.Usage(postgres, 50_000_000L));
		Summary summary = new Summary("predict-image", 1000, 0, throughput, 10, 20, 40,
				this.out.resolve("web-" + replicas + "/predict-image"), Map.of());
		return new Step(replicas, summary, usage, machine, 2, new WarmUp.Result(List.of(179.0, 402.0, 415.0), true, 5));
	}

	@Test
	void namesTheLargestCpuUserAsTheBottleneck() {
		assertThat(step(1, 200, 0.9, 0.6, 0.1, 0.1, 1.9).bottleneck()).isEqualTo(Step.WEB);
		assertThat(step(2, 250, 0.5, 1.0, 0.2, 0.1, 1.95).bottleneck()).isEqualTo(Step.LOAD_GENERATOR);
		assertThat(step(2, 250, 0.2, 0.2, 0.3, 0.9, 1.95).bottleneck()).isEqualTo(Step.POSTGRES);
		assertThat(step(2, 250, 0.2, 0.2, 0.8, 0.1, 1.95).bottleneck()).isEqualTo(Step.NGINX);
	}

	@Test
	void saysWhenOtherProcessesHeldTheMachine() {
		Step step = step(1, 200, 0.5, 0.4, 0.1, 0.1, 1.9);
		assertThat(step.otherCores()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(step.bottleneckReason()).contains("cores were busy", "0.80 by other processes");
	}

	@Test
	void projectsPerReplicaThroughputTimesReplicasPerNodeTimesNodesCappedByTheSharedParts() {
		// 1 replica: 200 req/s at 1 core, so 2 replicas per 2-core node; nginx 0.1 core
		// -> lb limit 4,000 req/s
		String projection = ScalingReport.projection(List.of(step(1, 200, 1.0, 0.5, 0.1, 0.05, 1.9)));
		assertThat(projection).contains("| 1 | 2 | 400 | 400 | web replicas |")
			.contains("| 8 | 16 | 3200 | 3200 | web replicas |");
		String limited = ScalingReport.projection(List.of(step(1, 200, 1.0, 0.5, 0.4, 0.05, 1.9)));
		// nginx at 0.4 core for 200 req/s: 1,000 req/s on a 2-core lb node
		assertThat(limited).contains("| 8 | 16 | 3200 | 1000 | the lb (nginx) |");
	}

	@Test
	void warnsThatTheProjectionIsStarvedWhenOtherProcessesHeldTheMachine() {
		assertThat(ScalingReport.projection(List.of(step(1, 20, 0.1, 0.1, 0.01, 0.01, 2.0))))
			.contains("other processes held 1.78 of the machine's 2 cores");
		assertThat(ScalingReport.projection(List.of(step(1, 200, 1.0, 0.5, 0.1, 0.05, 1.9)))).doesNotContain("Warning");
	}

	@Test
	void writesTheTableTheChartAndLinksToTheJmeterReports() throws Exception {
		Path report = ScalingReport.write(this.out, "predict-image", "./deepdock loadtest --web 1,2",
				List.of(step(1, 200, 0.9, 0.6, 0.1, 0.1, 1.9), step(2, 260, 1.0, 0.7, 0.1, 0.1, 2.0)));
		String markdown = Files.readString(report);
		assertThat(markdown).contains("| 1 | 200.0 | 10 | 20 | 40 | 0 (0.00 %)", "| 2 | 260.0 |",
				"[web-1/predict-image](web-1/predict-image/index.html)", "![throughput and p99", "## Bottleneck",
				"## Projection");
		BufferedImage chart = ImageIO.read(this.out.resolve("throughput.png").toFile());
		assertThat(chart.getWidth()).isEqualTo(800);
	}

	@Test
	void eachStepSaysHowItsWarmUpRoseUntilItWasSteady() {
		String markdown = ScalingReport.markdown(this.out, "predict-image", "./deepdock loadtest --web 1",
				List.of(step(1, 200, 0.9, 0.6, 0.1, 0.1, 1.9)));

		assertThat(markdown).contains("Warm-up before it: 179 → 402 → 415 req/s, steady (last two within 5 %).");
	}

}
