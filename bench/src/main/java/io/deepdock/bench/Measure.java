package io.deepdock.bench;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * How much each side trains and infers: the options that the benchmark's command line
 * ({@link Bench}) and its measuring child ({@link NetworkBench}) share, so that the
 * parent passes on exactly what it was given ({@link #args()}).
 */
final class Measure {

	@Option(names = "--train-batch", defaultValue = "64", description = "training batch size")
	int trainBatch;

	@Option(names = "--train-batches", defaultValue = "200", description = "training batches timed, after the warm-up")
	int trainBatches;

	/**
	 * Training before the timed batches, at least 5 batches: the JIT compiles DL4J's Java
	 * side for the first 10 s or so, and a production training runs for minutes.
	 */
	@Option(names = "--train-warmup-seconds", defaultValue = "15",
			description = "training before the timed batches (at least 5 batches), both sides")
	double trainWarmupSeconds;

	@Option(names = "--seconds", defaultValue = "5", description = "seconds per inference measurement")
	double seconds;

	@Option(names = "--callers", defaultValue = "64", description = "concurrent callers of the batching engine")
	int callers;

	/** These options as a child's command line takes them. */
	List<String> args() {
		return args(this.trainBatch, this.trainBatches);
	}

	/**
	 * These options with another training batch size and count, for a lever's run.
	 */
	List<String> args(int batch, int batches) {
		return new ArrayList<>(List.of("--train-batch", String.valueOf(batch), "--train-batches",
				String.valueOf(batches), "--train-warmup-seconds", String.valueOf(this.trainWarmupSeconds), "--seconds",
				String.valueOf(this.seconds), "--callers", String.valueOf(this.callers)));
	}

}
