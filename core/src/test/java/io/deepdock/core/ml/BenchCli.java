package io.deepdock.core.ml;

import io.deepdock.core.ml.bench.Benchmark;

/** Dev entry point: {@code BenchCli [lenet|standard] [seconds]}. */
public final class BenchCli {

	public static void main(String[] args) throws Exception {
		Benchmark.run(args.length > 0 ? args[0] : "lenet", args.length > 1 ? Integer.parseInt(args[1]) : 10,
				System.out);
	}

}
