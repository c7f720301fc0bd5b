package io.deepdock.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's figures as Markdown tables, ready to paste into docs/performance.md. */
final class Report {

	private Report() {
	}

	/**
	 * One measure: its key in the results, its unit, and whether a higher value is
	 * better.
	 */
	private record Measure(String label, String key, String unit, boolean higherIsBetter, String target) {
	}

	private static final List<Measure> MEASURES = List.of(
			new Measure("training", "train_img_s", "img/s", true, "≥ 1.0× (issue 17)"),
			new Measure("batch-1 latency, median", "b1_p50_ms", "ms", false, ""),
			new Measure("batch-1 latency, p99", "b1_p99_ms", "ms", false, ""),
			new Measure("batch-32 throughput", "b32_img_s", "img/s", true, "≥ 1×"),
			new Measure("batch-256 throughput", "b256_img_s", "img/s", true, "≥ 1×"),
			new Measure("batch-32, network.output only", "b32_raw_img_s", "img/s", true, ""),
			new Measure("engine, 64 callers (max batch 32, 5 ms)", "engine_img_s", "img/s", true, ""),
			new Measure("peak RSS (VmHWM)", "peak_rss_mb", "MB", false, ""));

	/**
	 * Figures per network, DL4J beside PyTorch (when {@code torch} is not null), and the
	 * ratio DL4J/PyTorch as speed (for latency and memory: PyTorch's figure over DL4J's,
	 * so above 1 means DL4J is better).
	 */
	static String main(List<String> networks, Map<String, Map<String, String>> dl4j,
			Map<String, Map<String, String>> torch) {
		StringBuilder out = new StringBuilder();
		out.append("| measure |");
		StringBuilder rule = new StringBuilder("| --- |");
		for (String network : networks) {
			out.append(" ").append(network).append(" DL4J |");
			rule.append(" ---: |");
			if (torch != null) {
				out.append(" ").append(network).append(" PyTorch | DL4J/PyTorch |");
				rule.append(" ---: | ---: |");
			}
		}
		out.append(torch != null ? " target |\n" : "\n");
		out.append(rule).append(torch != null ? " --- |\n" : "\n");
		for (Measure m : MEASURES) {
			out.append("| ").append(m.label()).append(" (").append(m.unit()).append(") |");
			for (String network : networks) {
				Double d = number(dl4j.get(network), m.key());
				out.append(" ").append(format(d)).append(" |");
				if (torch != null) {
					Double t = number(torch.get(network), m.key());
					out.append(" ")
						.append(format(t))
						.append(" | ")
						.append(ratio(d, t, m.higherIsBetter()))
						.append(" |");
				}
			}
			out.append(torch != null ? " " + m.target() + " |\n" : "\n");
		}
		// the engine's target is read in the serving table (web replicas' flags);
		// here two OpenMP threads share the cores with the engine's 64 callers
		out.append("| engine ÷ raw batch-32, training flags (OpenMP 2) |");
		for (String network : networks) {
			Map<String, String> r = dl4j.get(network);
			out.append(" ")
				.append(percent(number(r, "engine_img_s"), number(r, "b32_img_s")))
				.append(" (mean batch ")
				.append(format(number(r, "engine_mean_batch")))
				.append(") |");
			if (torch != null) {
				out.append(" | |");
			}
		}
		out.append(torch != null ? " |\n" : "\n");
		out.append(
				"\nDL4J/PyTorch is a speed ratio: for latency and RSS it is PyTorch's figure over DL4J's, so above 1 "
						+ "always means DL4J is better.\n");
		for (String network : networks) {
			out.append("Training of ")
				.append(network)
				.append(" timed after ")
				.append(count(number(dl4j.get(network), "train_warmup_batches")))
				.append(" warm-up batches (DL4J)");
			if (torch != null) {
				out.append(" and ")
					.append(count(number(torch.get(network), "train_warmup_batches")))
					.append(" (PyTorch)");
			}
			out.append(".\n");
		}
		return out.toString();
	}

	/**
	 * Batch-1 latency as online prediction meets it: in a JVM with the web replica's
	 * flags and one OpenMP thread, the {@code Predictor} alone and through the
	 * {@code BatchingEngine}, beside the training flags' figure (OpenMP 2) of the main
	 * table; with the collections during each window, to tell a GC pause from a thread
	 * that waited for a core.
	 */
	static String serving(List<String> networks, Map<String, Map<String, String>> serving,
			Map<String, Map<String, String>> training) {
		StringBuilder out = new StringBuilder("| batch-1 latency (ms) |");
		StringBuilder rule = new StringBuilder("| --- |");
		for (String network : networks) {
			out.append(" ").append(network).append(" |");
			rule.append(" ---: |");
		}
		out.append(" target |\n").append(rule).append(" --- |\n");
		Object[][] rows = { { "serving: Predictor, median", "b1_p50_ms", "" },
				{ "serving: Predictor, p99", "b1_p99_ms", "≤ 5" }, { "serving: Predictor, worst", "b1_max_ms", "" },
				{ "serving: through the engine, median", "b1_engine_p50_ms", "" },
				{ "serving: through the engine, p99", "b1_engine_p99_ms", "≤ 5" },
				{ "serving: through the engine, worst", "b1_engine_max_ms", "" },
				{ "serving a Fashion model (each image with its mirror): Predictor, median", "b1_mirror_p50_ms", "" },
				{ "serving a Fashion model (each image with its mirror): Predictor, p99", "b1_mirror_p99_ms", "≤ 5" },
				{ "serving a Fashion model (each image with its mirror): batch-32 img/s", "b32_mirror_img_s", "" },
				{ "serving: batch-32 img/s", "b32_img_s", "" },
				{ "serving: engine, 64 callers (max batch 32, 5 ms), img/s", "engine_img_s", "" },
				{ "serving: collections during the Predictor's window (count / ms)", "b1_gc", "" },
				{ "serving: collections during the engine's window (count / ms)", "b1_engine_gc", "" } };
		for (Object[] row : rows) {
			out.append("| ").append(row[0]).append(" |");
			for (String network : networks) {
				Map<String, String> r = serving.get(network);
				String key = (String) row[1];
				out.append(" ")
					.append(key.endsWith("_gc")
							? format(number(r, key + "_count")) + " / " + format(number(r, key + "_ms"))
							: format(number(r, key)))
					.append(" |");
			}
			out.append(" ").append(row[2]).append(" |\n");
		}
		out.append("| serving: engine ÷ batch-32 |");
		for (String network : networks) {
			Map<String, String> r = serving.get(network);
			out.append(" ").append(percent(number(r, "engine_img_s"), number(r, "b32_img_s"))).append(" |");
		}
		out.append(" ≥ 70 % |\n");
		out.append("| training flags (OpenMP 2, the table above): Predictor, p99 |");
		for (String network : networks) {
			out.append(" ").append(format(number(training.get(network), "b1_p99_ms"))).append(" |");
		}
		out.append(" |\n");
		return out.toString();
	}

	private static String percent(Double part, Double whole) {
		return (part == null || whole == null || whole == 0) ? "n/a"
				: String.format(Locale.ROOT, "%.0f %%", 100 * part / whole);
	}

	static String models(Map<String, String> r) {
		return "| JVM serving the three task models (web replica flags: -Xmx384m, serial GC, OMP_NUM_THREADS=1) | MB |\n"
				+ "| --- | ---: |\n" + "| RSS after start | " + format(number(r, "rss_start_mb")) + " |\n"
				+ "| RSS with digits, fashion and toxicity loaded and warmed | " + format(number(r, "rss_loaded_mb"))
				+ " |\n" + "| RSS after 600 predictions | " + format(number(r, "rss_served_mb")) + " |\n"
				+ "| RSS after " + r.getOrDefault("predictions", "?") + " predictions | "
				+ format(number(r, "rss_served_long_mb")) + " |\n" + "| peak RSS (VmHWM); target ≤ 768 | "
				+ format(number(r, "peak_rss_mb")) + " |\n" + "\nModels: "
				+ r.getOrDefault("models", r.getOrDefault("error", "n/a")) + "\n";
	}

	static String levers(String network, List<Bench.Lever> levers) {
		StringBuilder out = new StringBuilder("| " + network
				+ ": lever | training img/s | b1 median ms | b1 p99 ms | b32 img/s | b256 img/s | engine img/s | engine ÷ b32 | peak RSS MB |\n"
				+ "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Bench.Lever lever : levers) {
			Map<String, String> r = lever.results();
			Double engine = number(r, "engine_img_s");
			Double b32 = number(r, "b32_img_s");
			out.append("| ")
				.append(lever.name())
				.append(r.containsKey("error") ? " (" + r.get("error") + ")" : "")
				.append(" | ")
				.append(format(number(r, "train_img_s")))
				.append(" | ")
				.append(format(number(r, "b1_p50_ms")))
				.append(" | ")
				.append(format(number(r, "b1_p99_ms")))
				.append(" | ")
				.append(format(b32))
				.append(" | ")
				.append(format(number(r, "b256_img_s")))
				.append(" | ")
				.append(format(engine))
				.append(" | ")
				.append(engine == null || b32 == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * engine / b32))
				.append(" | ")
				.append(format(number(r, "peak_rss_mb")))
				.append(" |\n");
		}
		return out.toString();
	}

	static Double number(Map<String, String> results, String key) {
		if (results == null || !results.containsKey(key)) {
			return null;
		}
		try {
			return Double.parseDouble(results.get(key));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String count(Double value) {
		return value == null ? "?" : String.format(Locale.ROOT, "%,.0f", value);
	}

	static String format(Double value) {
		if (value == null) {
			return "";
		}
		double v = value;
		return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
	}

	static String ratio(Double dl4j, Double torch, boolean higherIsBetter) {
		if (dl4j == null || torch == null || dl4j == 0 || torch == 0) {
			return "";
		}
		return String.format(Locale.ROOT, "%.2f×", higherIsBetter ? dl4j / torch : torch / dl4j);
	}

}
