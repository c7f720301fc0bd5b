package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.util.Arrays;
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
	void aWebTasksRssIsReadFromItsJvmsProcStatusNotFromDockersMemory() {
		assertThat(SwarmTarget.webTasks("""
				deepdock_webapp.1.abc123\t48.50%\t980MiB / 2.5GiB
				deepdock_lb.1.ghi789\t12.00%\t20MiB / 23.4GiB
				deepdock_webapp.2.def456\t50.00%\t978MiB / 2.5GiB
				""")).containsExactly(Map.entry("webapp-1", "deepdock_webapp.1.abc123"),
				Map.entry("webapp-2", "deepdock_webapp.2.def456"));
		assertThat(SwarmTarget.vmRssBytes("Name:\tjava\nVmHWM:\t  569100 kB\nVmRSS:\t  557256 kB\nRssAnon:\t 1 kB\n"))
			.isEqualTo(557_256L * 1024);
	}

	@Test
	void theReportNamesEachWebTasksCpuLimit() {
		assertThat(SwarmTarget.describeLimit("500000000")).isEqualTo("each web task limited to 0.5 CPU");
		assertThat(SwarmTarget.describeLimit("2000000000")).isEqualTo("each web task limited to 2 CPU");
		assertThat(SwarmTarget.describeLimit("0")).isEqualTo("web tasks without a CPU limit");
		assertThat(SwarmTarget.describeLimit("<no value>")).isEqualTo("web tasks without a CPU limit");
	}

	@Test
	void aSwarmOfSeveralNodesIsSampledOnEveryNodesEngineAndDrivenThroughTheManagers() throws Exception {
		Map<String, String> env = SwarmTarget
			.nodesEnv("DOCKER_HOST=unix:///h/swarm/nodes/deepdock-node-1/docker.sock\nDEEPDOCK_NODES=3\n");
		assertThat(env).containsEntry("DOCKER_HOST", "unix:///h/swarm/nodes/deepdock-node-1/docker.sock")
			.containsEntry("DEEPDOCK_NODES", "3");

		assertThat(SwarmTarget.engines(Path.of("/h/swarm/nodes"), env)).containsExactly(
				"unix:///h/swarm/nodes/deepdock-node-1/docker.sock",
				"unix:///h/swarm/nodes/deepdock-node-2/docker.sock",
				"unix:///h/swarm/nodes/deepdock-node-3/docker.sock");
	}

	@Test
	void aSingleNodeSwarmIsSampledOnThisHostsEngineAlone() {
		assertThat(SwarmTarget.engines(Path.of("/h/swarm/nodes"), Map.of())).isEqualTo(Arrays.asList((String) null));
	}

	@Test
	void theTasksOfEveryNodeAddUpPerService() {
		Map<String, ProcessSampler.Usage> usage = SwarmTarget.parseStats("""
				deepdock_webapp.1.abc\t40.00%\t400MiB / 1GiB
				deepdock_worker.1.def\t10.00%\t500MiB / 2GiB

				deepdock_webapp.2.ghi\t45.00%\t410MiB / 1GiB
				deepdock_worker.2.jkl\t20.00%\t500MiB / 2GiB
				""");
		assertThat(usage).containsOnlyKeys("webapp-1", "webapp-2", "worker");
		assertThat(usage.get("worker").cores()).isCloseTo(0.30, within(1e-9));
	}

}
