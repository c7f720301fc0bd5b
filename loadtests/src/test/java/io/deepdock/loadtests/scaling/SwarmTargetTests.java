package io.deepdock.loadtests.scaling;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SwarmTargetTests {

	@Test
	void readsDockerStatsAsTheReportsParts() {
		Map<String, ProcessSampler.Usage> usage = SwarmTarget.parseStats("""
				deepdock_webapp.1.abc123\t48.50%\t412.5MiB / 1GiB
				deepdock_webapp.2.def456\t50.00%\t400MiB / 1GiB
				deepdock_lb.1.ghi789\t12.00%\t20MiB / 23.4GiB
				deepdock_postgres.1.jkl012\t5.00%\t1.5GiB / 23.4GiB
				""");
		assertThat(usage).containsOnlyKeys("webapp-1", "webapp-2", "nginx", "postgres");
		assertThat(usage.get("webapp-1").cores()).isCloseTo(0.485, within(1e-9));
		assertThat(usage.get("webapp-1").rssBytes()).isEqualTo(Math.round(412.5 * 1024 * 1024));
		assertThat(usage.get("postgres").rssBytes()).isEqualTo(Math.round(1.5 * 1024 * 1024 * 1024));
	}

	@Test
	void theReportNamesEachWebTasksCpuLimit() {
		assertThat(SwarmTarget.describeLimit("500000000")).isEqualTo("each web task limited to 0.5 CPU");
		assertThat(SwarmTarget.describeLimit("2000000000")).isEqualTo("each web task limited to 2 CPU");
		assertThat(SwarmTarget.describeLimit("0")).isEqualTo("web tasks without a CPU limit");
		assertThat(SwarmTarget.describeLimit("<no value>")).isEqualTo("web tasks without a CPU limit");
	}

}
