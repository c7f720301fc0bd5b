package io.deepdock.loadtests.scaling;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code target/loadtest/report.md} and its chart: a table per replica count, the
 * bottleneck of each step, links to JMeter's HTML reports, and a paper projection for a
 * multi-node Swarm.
 */
final class ScalingReport {

	/** The cores of one Swarm node in the projection (this machine's kind). */
	static final int NODE_CORES = 2;

	static final List<Integer> PROJECTED_NODES = List.of(1, 2, 4, 8);

	private ScalingReport() {
	}

	/**
	 * Writes {@code report.md} and {@code throughput.png} into {@code out}; returns the
	 * report.
	 */
	static Path write(Path out, String title, String command, List<Step> steps) throws IOException {
		Files.createDirectories(out);
		chart(out.resolve("throughput.png"), steps);
		Path report = out.resolve("report.md");
		Files.writeString(report, markdown(out, title, command, steps), StandardCharsets.UTF_8);
		return report;
	}

	static String markdown(Path out, String title, String command, List<Step> steps) {
		StringBuilder md = new StringBuilder();
		md.append("# ").append(title).append("\n\n");
		md.append("Command: `").append(command).append("`\n\n");
		md.append("| web replicas | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors | web CPU (cores) | "
				+ "web RSS, max (MB) | nginx CPU | PostgreSQL CPU | load generator CPU | other processes CPU | "
				+ "bottleneck | JMeter report |\n");
		md.append(
				"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
		for (Step step : steps) {
			md.append(String.format(Locale.ROOT,
					"| %d | %.1f | %.0f | %.0f | %.0f | %d (%.2f %%) | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %s | [%s](%s/index.html) |%n",
					step.replicas(), step.summary().throughput(), step.summary().p50(), step.summary().p95(),
					step.summary().p99(), step.summary().errors(), step.summary().errorPercent(), step.webCores(),
					step.webRssMb(), step.cores("nginx"), step.cores("postgres"), step.cores("load generator"),
					step.otherCores(), step.bottleneck(), out.relativize(step.summary().report()),
					out.relativize(step.summary().report())));
		}
		md.append("\n![throughput and p99 against web replicas](throughput.png)\n\n");
		md.append("## Bottleneck at each step\n\n");
		for (Step step : steps) {
			md.append("- ")
				.append(step.replicas())
				.append(" web replica(s): **")
				.append(step.bottleneck())
				.append("**: ")
				.append(step.bottleneckReason())
				.append(". Warm-up before it: ")
				.append(step.warmup().describe())
				.append(".\n");
		}
		md.append(
				"\n## CPU and RSS per process\n\n| web replicas | process | CPU (cores) | RSS (MB) |\n| ---: | --- | ---: | ---: |\n");
		for (Step step : steps) {
			step.usage()
				.forEach((part, used) -> md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.0f |%n",
						step.replicas(), part, used.cores(), used.rssBytes() / 1e6)));
		}
		md.append("\nRSS: a process's resident memory. On the Swarm, a web task's is its JVM's (`VmRSS` of the"
				+ " container's PID 1); the other containers' is `docker stats`' memory, the cgroup's, which also counts"
				+ " the page cache of the files they wrote.\n");
		md.append("\n").append(projection(steps));
		return md.toString();
	}

	/**
	 * Per-replica throughput x replicas per node x nodes, capped by the shared parts: one
	 * lb (nginx) and one PostgreSQL, each on a node of its own, at the CPU per request
	 * measured here.
	 */
	static String projection(List<Step> steps) {
		if (steps.isEmpty()) {
			return "";
		}
		Step base = steps.get(0);
		double throughput = base.summary().throughput();
		double perReplica = throughput / base.replicas();
		double webPerReplica = base.webCores() / base.replicas();
		int replicasPerNode = (webPerReplica > 0) ? Math.max(1, (int) Math.floor(NODE_CORES / webPerReplica)) : 1;
		double lbLimit = limit(NODE_CORES, base.cores("nginx"), throughput);
		double dbLimit = limit(NODE_CORES, base.cores("postgres"), throughput);
		StringBuilder md = new StringBuilder("## Projection for a multi-node Swarm (on paper)\n\n");
		if (base.otherCores() > 0.5 * base.cores()) {
			md.append(String.format(Locale.ROOT,
					"**Warning: other processes held %.2f of the machine's %d cores during this step**, so the web "
							+ "replicas were starved of CPU: the CPU per request below is right, but the replicas per node "
							+ "and the per-replica throughput are not. Run again on a quiet machine before relying on it.%n%n",
					base.otherCores(), base.cores()));
		}
		md.append(String.format(Locale.ROOT,
				"From the %d-replica step: %.1f req/s per replica at %.2f cores each, so %d replicas fit a %d-core node. "
						+ "The shared parts are one lb (nginx: %.3f ms of CPU per request, at most %s req/s on a node of "
						+ "its own) and one PostgreSQL (prediction rows: %.3f ms of CPU per request, at most %s req/s on a node "
						+ "of its own). Nodes below are web nodes.%n%n",
				base.replicas(), perReplica, webPerReplica, replicasPerNode, NODE_CORES, msPerRequest(base, "nginx"),
				format(lbLimit), msPerRequest(base, "postgres"), format(dbLimit)));
		md.append(
				"| web nodes | replicas | web capacity (req/s) | projected (req/s) | limit |\n| ---: | ---: | ---: | ---: | --- |\n");
		for (int nodes : PROJECTED_NODES) {
			int replicas = nodes * replicasPerNode;
			double web = perReplica * replicas;
			double projected = Math.min(web, Math.min(lbLimit, dbLimit));
			String limit = (projected >= web) ? "web replicas" : (lbLimit <= dbLimit) ? "the lb (nginx)" : "PostgreSQL";
			md.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %s |%n", nodes, replicas, web, projected,
					limit));
		}
		md.append("\nMeasured on one machine where the load generator shares the cores: per-replica throughput on a "
				+ "node of its own is likely higher, and the network between nodes (overlay, VXLAN) adds latency not seen here.\n");
		return md.toString();
	}

	private static double limit(int cores, double usedCores, double throughput) {
		return (usedCores > 0) ? cores / (usedCores / throughput) : Double.POSITIVE_INFINITY;
	}

	private static double msPerRequest(Step step, String part) {
		return (step.summary().throughput() > 0) ? 1000 * step.cores(part) / step.summary().throughput() : 0;
	}

	private static String format(double value) {
		return Double.isInfinite(value) ? "unmeasured (no CPU seen)" : String.format(Locale.ROOT, "%.0f", value);
	}

	/** Throughput (left axis) and p99 (right axis) against web replicas. */
	static void chart(Path png, List<Step> steps) throws IOException {
		XYSeries throughput = new XYSeries("throughput (req/s)");
		XYSeries p99 = new XYSeries("p99 (ms)");
		for (Step step : steps) {
			throughput.add(step.replicas(), step.summary().throughput());
			p99.add(step.replicas(), step.summary().p99());
		}
		NumberAxis replicas = new NumberAxis("web replicas");
		replicas.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
		XYPlot plot = new XYPlot(new XYSeriesCollection(throughput), replicas, new NumberAxis("req/s"),
				renderer(new Color(0x1f77b4)));
		plot.setRangeAxis(1, new NumberAxis("p99 (ms)"));
		plot.setDataset(1, new XYSeriesCollection(p99));
		plot.mapDatasetToRangeAxis(1, 1);
		plot.setRenderer(1, renderer(new Color(0xd62728)));
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		JFreeChart chart = new JFreeChart("Throughput and p99 against web replicas", JFreeChart.DEFAULT_TITLE_FONT,
				plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 450);
	}

	private static XYLineAndShapeRenderer renderer(Color color) {
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
		renderer.setSeriesPaint(0, color);
		renderer.setSeriesStroke(0, new BasicStroke(2f));
		return renderer;
	}

}
