package io.deepdock.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's command line, as docs/performance.md and {@code ./deepdock bench} use
 * it.
 */
class BenchOptionsTest {

	private static Bench.Options parse(String... args) {
		Bench.Options options = new Bench.Options();
		new CommandLine(options).parseArgs(args);
		return options;
	}

	@Test
	void measuresBothNetworksWithThePyTorchPeerAndTheModelsByDefault() {
		Bench.Options options = parse();

		assertThat(options.networks).containsExactly("standard", "lenet");
		assertThat(options.measure.trainBatch).isEqualTo(64);
		assertThat(options.measure.trainBatches).isEqualTo(200);
		assertThat(options.measure.trainWarmupSeconds).isEqualTo(15.0);
		assertThat(options.noPython).isFalse();
		assertThat(options.noModels).isFalse();
		assertThat(options.levers).isFalse();
		assertThat(options.artifacts()).isEmpty();
	}

	@Test
	void takesTheSwitchesNetworksAndRealArtifactsThatTheDocsName() {
		Bench.Options options = parse("--networks", "standard", "--levers", "--no-models", "--no-python",
				"--train-warmup-seconds", "0", "--digits", "/tmp/digits.zip", "--toxicity", "/tmp/toxicity.zip");

		assertThat(options.networks).isEqualTo(List.of("standard"));
		assertThat(options.levers).isTrue();
		assertThat(options.noModels).isTrue();
		assertThat(options.noPython).isTrue();
		assertThat(options.measure.trainWarmupSeconds).isZero();
		assertThat(options.artifacts()).isEqualTo(Map.of("digits", "/tmp/digits.zip", "toxicity", "/tmp/toxicity.zip"));
	}

	@Test
	void refusesAnUnknownOptionOrANumberThatIsNotOne() {
		assertThatThrownBy(() -> parse("--bogus")).isInstanceOf(ParameterException.class)
			.hasMessageContaining("--bogus");
		assertThatThrownBy(() -> parse("--train-batch", "many")).isInstanceOf(ParameterException.class)
			.hasMessageContaining("many");
	}

	@Test
	void theMeasuringChildReadsEveryMeasureTheBenchmarkWasGiven() {
		Bench.Options options = parse("--train-batch", "32", "--train-batches", "7", "--train-warmup-seconds", "2.5",
				"--seconds", "0.5", "--callers", "3");

		Measure child = NetworkBench.Options.parse(options.measure.args().toArray(String[]::new)).measure;

		assertThat(child).usingRecursiveComparison().isEqualTo(options.measure);
		assertThat(child.trainBatch).isEqualTo(32);
		assertThat(child.callers).isEqualTo(3);
	}

	@Test
	void aLeverRunChangesOnlyTheTrainingBatchesItIsAbout() {
		Bench.Options options = parse("--train-warmup-seconds", "2.5", "--seconds", "0.5", "--callers", "3");

		Measure child = NetworkBench.Options.parse(options.measure.args(128, 50).toArray(String[]::new)).measure;

		assertThat(child.trainBatch).isEqualTo(128);
		assertThat(child.trainBatches).isEqualTo(50);
		assertThat(child).usingRecursiveComparison()
			.ignoringFields("trainBatch", "trainBatches")
			.isEqualTo(options.measure);
	}

}
