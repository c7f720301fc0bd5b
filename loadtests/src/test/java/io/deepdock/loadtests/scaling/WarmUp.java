package io.deepdock.loadtests.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.deepdock.loadtests.Summary;

/**
 * A step's warm-up, held in windows until the throughput stops rising. A web replica that
 * has just started (or a Swarm task limited to half a CPU) needs minutes before its JIT
 * has compiled the hot path: a fixed warm-up then measures the compiler, not the
 * capacity, and a scaling step pairs a warm replica with a cold one (docs/performance.md,
 * session 9).
 */
final class WarmUp {

	/** Runs the scenario for one window and returns what it measured. */
	@FunctionalInterface
	interface Window {

		Summary run(Duration length, int index) throws Exception;

	}

	/**
	 * The windows' throughputs, and whether the last two were within the tolerance of
	 * each other.
	 */
	record Result(List<Double> throughputs, boolean steady, double steadyPercent) {

		/** No warm-up ({@code --warmup 0}). */
		static final Result NONE = new Result(List.of(), false, 0);

		/**
		 * For the console and the report, e.g.
		 * {@code 179 → 310 → 402 → 415 req/s, steady}.
		 */
		String describe() {
			if (this.throughputs.isEmpty()) {
				return "none";
			}
			String rates = this.throughputs.stream()
				.map((t) -> String.format(Locale.ROOT, "%.0f", t))
				.collect(Collectors.joining(" → "));
			if (this.steadyPercent <= 0) {
				return rates + " req/s";
			}
			return rates + " req/s, " + (this.steady ? "steady (last two within " : "NOT steady (last two beyond ")
					+ String.format(Locale.ROOT, "%.0f", this.steadyPercent) + " %)";
		}

	}

	private WarmUp() {
	}

	/**
	 * Runs windows of {@code window} until the last two throughputs differ by at most
	 * {@code steadyPercent} % of the earlier one, or {@code max} has been spent; with
	 * {@code steadyPercent} 0, one window only (a fixed warm-up).
	 * @throws IllegalStateException when every request of a window failed: there is
	 * nothing to warm (no model, a wrong password)
	 */
	static Result until(double steadyPercent, Duration window, Duration max, Window run) throws Exception {
		List<Double> throughputs = new ArrayList<>();
		while (true) {
			Summary summary = run.run(window, throughputs.size());
			if (summary.samples() > 0 && summary.errors() == summary.samples()) {
				throw new IllegalStateException(
						"every warm-up request failed (is a model ACTIVE for the tasks? ./deepdock train TASK): see "
								+ summary.report());
			}
			throughputs.add(summary.throughput());
			if (steadyPercent <= 0) {
				return new Result(throughputs, true, 0);
			}
			boolean steady = steady(throughputs, steadyPercent);
			// one more window would pass the limit
			if (steady || window.multipliedBy(throughputs.size() + 1).compareTo(max) > 0) {
				return new Result(throughputs, steady, steadyPercent);
			}
		}
	}

	static boolean steady(List<Double> throughputs, double steadyPercent) {
		int n = throughputs.size();
		if (n < 2) {
			return false;
		}
		double before = throughputs.get(n - 2);
		double last = throughputs.get(n - 1);
		return before > 0 && Math.abs(last - before) <= before * steadyPercent / 100;
	}

}
