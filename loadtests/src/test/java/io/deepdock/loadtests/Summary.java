package io.deepdock.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one scenario run measured, read from the {@code statistics.json} of JMeter's HTML
 * report: JMeter's report generator computes exact percentiles from every sample, while
 * jmeter-java-dsl's {@code TestPlanStats} only estimates them.
 *
 * @param scenario the scenario's id ({@code predict-image}, ...)
 * @param samples requests sent (embedded resources count with their page)
 * @param errors failed requests: a bad status or a failed assertion on the answer
 * @param throughput requests per second over the run
 * @param p50 median response time (ms)
 * @param p95 95th percentile (ms)
 * @param p99 99th percentile (ms)
 * @param report the HTML report's folder
 * @param byLabel the same figures per sampler label
 */
public record Summary(String scenario, long samples, long errors, double throughput, double p50, double p95, double p99,
		Path report, Map<String, Line> byLabel) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One row of {@code statistics.json}. */
	public record Line(long samples, long errors, double throughput, double p50, double p95, double p99) {

		static Line of(JsonNode row) {
			return new Line(row.get("sampleCount").asLong(), row.get("errorCount").asLong(),
					row.get("throughput").asDouble(), row.get("medianResTime").asDouble(),
					row.get("pct2ResTime").asDouble(), row.get("pct3ResTime").asDouble());
		}

	}

	/**
	 * Reads {@code report/statistics.json}. JMeter's defaults put the 90th, 95th and 99th
	 * percentiles in {@code pct1ResTime}, {@code pct2ResTime} and {@code pct3ResTime}.
	 */
	public static Summary read(String scenario, Path report) throws IOException {
		Path statistics = report.resolve("statistics.json");
		if (!Files.isRegularFile(statistics)) {
			throw new IllegalStateException(statistics + " is missing: JMeter wrote no HTML report (no sample ran?)");
		}
		JsonNode root = JSON.readTree(statistics.toFile());
		JsonNode total = root.get("Total");
		if (total == null) {
			throw new IllegalStateException(statistics + " has no 'Total' row");
		}
		Map<String, Line> byLabel = new LinkedHashMap<>();
		root.properties().forEach((entry) -> {
			if (!entry.getKey().equals("Total")) {
				byLabel.put(entry.getKey(), Line.of(entry.getValue()));
			}
		});
		Line all = Line.of(total);
		return new Summary(scenario, all.samples(), all.errors(), all.throughput(), all.p50(), all.p95(), all.p99(),
				report, byLabel);
	}

	/** The error rate in percent. */
	public double errorPercent() {
		return (this.samples == 0) ? 0 : 100.0 * this.errors / this.samples;
	}

	/**
	 * Writes this summary as JSON ({@code throughput}, {@code p50}, ...) and returns the
	 * file.
	 */
	public Path write(Path file) throws IOException {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("scenario", this.scenario);
		out.put("samples", this.samples);
		out.put("errors", this.errors);
		out.put("errorPercent", errorPercent());
		out.put("throughput", this.throughput);
		out.put("p50", this.p50);
		out.put("p95", this.p95);
		out.put("p99", this.p99);
		out.put("report", this.report.toAbsolutePath().toString());
		out.put("byLabel", this.byLabel);
		Files.createDirectories(file.getParent());
		JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
		return file;
	}

	/** Reads a summary that {@link #write} wrote. */
	public static Summary load(Path file) throws IOException {
		JsonNode root = JSON.readTree(file.toFile());
		Map<String, Line> byLabel = new LinkedHashMap<>();
		root.get("byLabel").properties().forEach((entry) -> {
			JsonNode row = entry.getValue();
			byLabel.put(entry.getKey(),
					new Line(row.get("samples").asLong(), row.get("errors").asLong(), row.get("throughput").asDouble(),
							row.get("p50").asDouble(), row.get("p95").asDouble(), row.get("p99").asDouble()));
		});
		return new Summary(root.get("scenario").asString(), root.get("samples").asLong(), root.get("errors").asLong(),
				root.get("throughput").asDouble(), root.get("p50").asDouble(), root.get("p95").asDouble(),
				root.get("p99").asDouble(), Path.of(root.get("report").asString()), byLabel);
	}

}
