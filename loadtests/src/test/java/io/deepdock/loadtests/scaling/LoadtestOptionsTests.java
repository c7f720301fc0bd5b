package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.deepdock.loadtests.Scenario;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadtestOptionsTests {

	static final Path ROOT = Path.of("/repo");

	@Test
	void readsScenarioReplicaCountsTargetAndDuration() {
		LoadtestOptions options = LoadtestOptions.parse(ROOT, "--scenario", "browse", "--web", "1,2,4", "--target",
				"swarm", "--duration=30s", "--port", "8103");
		assertThat(options.scenario()).isEqualTo(Scenario.BROWSE);
		assertThat(options.web()).isEqualTo(List.of(1, 2, 4));
		assertThat(options.target()).isEqualTo("swarm");
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.port()).isEqualTo(8103);
		assertThat(options.out()).isEqualTo(Path.of("/repo/target/loadtest"));
	}

	@Test
	void defaultsToPredictImageOnOneThenTwoLocalReplicas() {
		LoadtestOptions options = LoadtestOptions.parse(ROOT);
		assertThat(options.scenario()).isEqualTo(Scenario.PREDICT_IMAGE);
		assertThat(options.web()).isEqualTo(List.of(1, 2));
		assertThat(options.target()).isEqualTo("local");
	}

	@Test
	void eachMistakeNamesTheArgument() {
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--web", "2,1")).hasMessageContaining("must increase");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--web", "0")).hasMessageContaining("between 1 and 16");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--target", "k8s")).hasMessageContaining("'k8s'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--scenario", "soak")).hasMessageContaining("'soak'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--fast")).hasMessageContaining("'--fast'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--duration")).hasMessageContaining("needs a value");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--duration", "--web", "1"))
			.hasMessage("--duration needs a value");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--users", "many"))
			.hasMessage("--users needs a whole number, not 'many'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--fast=yes"))
			.hasMessage("unknown option '--fast' for 'loadtest'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "now")).hasMessage("unknown option 'now' for 'loadtest'");
	}

	@Test
	void theWarmUpGoesOnUntilSteadyWithinFivePercentForAtMostTenMinutesByDefault() {
		LoadtestOptions defaults = LoadtestOptions.parse(ROOT);
		assertThat(defaults.steadyPercent()).isEqualTo(5);
		assertThat(defaults.warmupMax()).isEqualTo(Duration.ofMinutes(10));
		LoadtestOptions given = LoadtestOptions.parse(ROOT, "--steady", "10%", "--warmup", "30s", "--warmup-max", "5m");
		assertThat(given.steadyPercent()).isEqualTo(10);
		assertThat(given.warmupMax()).isEqualTo(Duration.ofMinutes(5));
		assertThat(LoadtestOptions.parse(ROOT, "--steady", "0", "--warmup", "0").steadyPercent()).isZero();
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--steady", "fast")).hasMessageContaining("not 'fast'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--steady", "80"))
			.hasMessageContaining("between 0 and 50");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--warmup", "0")).hasMessageContaining("--steady 0");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--warmup", "2m", "--warmup-max", "1m"))
			.hasMessageContaining("no longer than --warmup-max");
	}

	@Test
	void webCpusLimitTheSwarmsWebTasksOnly() {
		assertThat(LoadtestOptions.parse(ROOT, "--target", "swarm", "--web-cpus", "0.5").webCpus()).isEqualTo(0.5);
		assertThat(LoadtestOptions.parse(ROOT, "--target", "swarm").webCpus()).as("the stack's own limit").isZero();
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--web-cpus", "0.5"))
			.hasMessageContaining("use it with --target swarm");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--target", "swarm", "--web-cpus", "half"))
			.hasMessageContaining("not 'half'");
		assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, "--target", "swarm", "--web-cpus", "0"))
			.hasMessageContaining("between 0.01 and 64, not 0");
	}

	@Test
	void theLastOfARepeatedOptionWins() {
		assertThat(LoadtestOptions.parse(ROOT, "--users", "8", "--users", "16").users()).isEqualTo(16);
	}

	@Test
	void helpIsAskedForInAnyOfItsThreeSpellings() {
		for (String help : new String[] { "help", "--help", "-h" }) {
			assertThatThrownBy(() -> LoadtestOptions.parse(ROOT, help)).hasMessage("help");
		}
	}

}
