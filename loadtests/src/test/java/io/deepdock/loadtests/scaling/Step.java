package io.deepdock.loadtests.scaling;

import java.util.Map;

import io.deepdock.loadtests.Summary;

/**
 * One replica count of a scaling run: what the load test measured, and what each part of
 * the platform used meanwhile.
 *
 * @param replicas web replicas (local processes or Swarm tasks)
 * @param summary the scenario's figures
 * @param usage CPU (cores) and RSS per part: {@code webapp-1}..., {@code worker},
 * {@code nginx}, {@code postgres}, {@code launcher}, {@code load generator}
 * @param machineCores busy cores of the whole machine during the step (other users'
 * processes included)
 * @param cores the machine's cores
 * @param warmup the warm-up's windows before the measured run
 */
record Step(int replicas, Summary summary, Map<String, ProcessSampler.Usage> usage, double machineCores, int cores,
		WarmUp.Result warmup) {

	/** The parts a bottleneck can be. */
	static final String WEB = "web CPU";

	static final String LOAD_GENERATOR = "load generator";

	static final String NGINX = "nginx";

	static final String POSTGRES = "PostgreSQL";

	/** Cores used by the web replicas together. */
	double webCores() {
		return sum("webapp");
	}

	/** The highest RSS of one web replica (MB). */
	double webRssMb() {
		return this.usage.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("webapp"))
			.mapToLong((e) -> e.getValue().rssBytes())
			.max()
			.orElse(0) / 1e6;
	}

	double cores(String part) {
		ProcessSampler.Usage used = this.usage.get(part);
		return (used != null) ? used.cores() : 0;
	}

	/** Cores used by processes that are not this platform's nor the load generator's. */
	double otherCores() {
		double ours = this.usage.values().stream().mapToDouble(ProcessSampler.Usage::cores).sum();
		return Math.max(0, this.machineCores - ours);
	}

	/**
	 * The part that limits this step: the largest CPU user of web, load generator, nginx
	 * and PostgreSQL, which is the limit once the machine's cores are all busy (then
	 * adding replicas only moves CPU between the parts).
	 */
	String bottleneck() {
		Map<String, Double> parts = Map.of(WEB, webCores(), LOAD_GENERATOR, cores("load generator"), NGINX,
				cores("nginx"), POSTGRES, cores("postgres"));
		return parts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
	}

	/** Why {@link #bottleneck()} was named, in words and figures. */
	String bottleneckReason() {
		boolean saturated = this.machineCores >= 0.9 * this.cores;
		String figures = String.format("web %.2f, load generator %.2f, nginx %.2f, PostgreSQL %.2f cores", webCores(),
				cores("load generator"), cores("nginx"), cores("postgres"));
		return saturated
				? String.format(
						"the machine's %d cores were busy (%.2f, of which %.2f by other processes); "
								+ "the largest user was %s (%s)",
						this.cores, this.machineCores, otherCores(), bottleneck(), figures)
				: String.format(
						"the machine had idle CPU (%.2f of %d cores busy): the largest user was %s (%s); "
								+ "more users would load it further",
						this.machineCores, this.cores, bottleneck(), figures);
	}

	private double sum(String prefix) {
		return this.usage.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(prefix))
			.mapToDouble((e) -> e.getValue().cores())
			.sum();
	}

}
