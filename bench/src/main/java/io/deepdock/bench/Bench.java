package io.deepdock.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.deepdock.core.ml.NativeThreads;
import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.networks.NativePooling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The benchmark of the Models issue in one run: for each network ({@code standard}, the
 * production network of digits and fashion, and {@code lenet}, the reference) training
 * img/s, batch-1 latency, batch-32/256 throughput, the batching engine with 64 callers,
 * peak RSS; the RSS of a JVM serving the three task models; the same measures from the
 * PyTorch peer ({@code bench/pytorch_reference.py}) when Debian's python3-torch is
 * installed, and the ratios. {@code --levers} adds one run per speed lever (threads,
 * batch size, workspaces, cache mode, batch feeding).
 *
 * <p>
 * Every measurement runs in its own child JVM (sequentially, never two at once) so that
 * peak RSS and {@code OMP_NUM_THREADS}, which ND4J reads once at start-up, belong to that
 * measurement alone. Run: {@code java -jar bench/target/deepdock-bench.jar [--help]}.
 */
public final class Bench {

	/** The benchmark's command line. */
	@Command(name = "deepdock-bench", showDefaultValues = true,
			description = "DL4J's networks against a PyTorch peer, one child process per measurement",
			usageHelpWidth = 110)
	static final class Options {

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

		@Option(names = "--networks", defaultValue = "standard,lenet", split = ",", description = "networks to measure")
		List<String> networks;

		@Mixin
		Measure measure = new Measure();

		@Option(names = "--levers", description = "also measure each speed lever, one run each")
		boolean levers;

		@Option(names = "--builtin",
				description = "also measure each network with the oneDNN helpers off (DL4J's built-in path)")
		boolean builtin;

		@Option(names = "--lever-images", defaultValue = "6400", description = "images trained per lever run")
		int leverImages;

		@Option(names = "--python", defaultValue = "/usr/bin/python3",
				description = "interpreter with torch for the PyTorch peer")
		String python;

		@Option(names = "--no-python", description = "skip the PyTorch peer")
		boolean noPython;

		@Option(names = "--no-models", description = "skip the RSS of the three task models")
		boolean noModels;

		@Option(names = "--digits", paramLabel = "PATH", description = "a real digits artifact for the models' RSS")
		String digits;

		@Option(names = "--fashion", paramLabel = "PATH", description = "a real fashion artifact for the models' RSS")
		String fashion;

		@Option(names = "--toxicity", paramLabel = "PATH",
				description = "a real toxicity artifact for the models' RSS (default: generated)")
		String toxicity;

		/** The real artifacts given, by task. */
		Map<String, String> artifacts() {
			Map<String, String> artifacts = new LinkedHashMap<>();
			for (String[] entry : new String[][] { { "digits", this.digits }, { "fashion", this.fashion },
					{ "toxicity", this.toxicity } }) {
				if (entry[1] != null) {
					artifacts.put(entry[0], entry[1]);
				}
			}
			return artifacts;
		}

	}

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		Options options = new Options();
		CommandLine command = new CommandLine(options);
		try {
			command.parseArgs(args);
		}
		catch (ParameterException ex) {
			System.err.println(ex.getMessage());
			command.usage(System.err);
			System.exit(2);
		}
		if (command.isUsageHelpRequested()) {
			command.usage(System.out);
			return;
		}
		new Bench().run(options, args);
	}

	private void run(Options o, String[] args) throws Exception {
		String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		System.out.println("# deepdock benchmark, " + started);
		System.out.println("# command: java -jar bench/target/deepdock-bench.jar " + String.join(" ", args));
		System.out.println("# " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version()
				+ ", load average at start: " + loadAverage());
		List<String> networks = o.networks;
		Measure m = o.measure;
		String seconds = String.valueOf(m.seconds);
		Path script = script();
		boolean python = !o.noPython && torchAvailable(o.python);
		if (!python) {
			System.out.println("# PyTorch peer skipped ("
					+ (o.noPython ? "--no-python" : o.python + " has no torch: apt-get install -y python3-torch")
					+ ")");
		}

		Map<String, Map<String, String>> dl4j = new LinkedHashMap<>();
		Map<String, Map<String, String>> serving = new LinkedHashMap<>();
		Map<String, Map<String, String>> torch = new LinkedHashMap<>();
		for (String network : networks) {
			dl4j.put(network,
					java("DL4J " + network, NetworkBench.class, Flags.WORKER, 2, withNetwork(network, m.args())));
			// batch-1 latency is a serving figure: measured as a web replica runs it (its
			// heap, serial GC, one OpenMP thread), alone and through the engine
			serving.put(network, java("DL4J " + network + " serving (web replica flags)", NetworkBench.class,
					Flags.WEBAPP, 1, inferOnly(network, m)));
			if (python) {
				torch.put(network,
						python(o.python, script, "PyTorch " + network, 2,
								List.of("--network", network, "--batch", String.valueOf(m.trainBatch), "--batches",
										String.valueOf(m.trainBatches), "--warmup-seconds",
										String.valueOf(m.trainWarmupSeconds), "--seconds", seconds)));
			}
		}
		Map<String, String> models = null;
		if (!o.noModels) {
			List<String> a = new ArrayList<>();
			o.artifacts().forEach((task, path) -> a.addAll(List.of("--" + task, path)));
			models = java("three task models, web replica flags", ModelsRss.class, Flags.WEBAPP, 1, a);
		}

		Map<String, List<Lever>> levers = new LinkedHashMap<>();
		if (o.levers || o.builtin) {
			int images = o.leverImages;
			for (String network : networks) {
				List<Lever> runs = new ArrayList<>();
				runs.add(new Lever("baseline (above): OMP 2, batch " + m.trainBatch
						+ ", OpenBLAS 1 thread, oneDNN helpers (max pooling on libnd4j's kernel), workspaces ENABLED, cache NONE, feed REUSE",
						dl4j.get(network)));
				runs.add(new Lever("oneDNN helpers off (DL4J's built-in path)",
						java(network + " oneDNN helpers off", NetworkBench.class, Flags.WORKER,
								List.of("-D" + OneDnn.DISABLE_PROPERTY + "=true"), 2, withNetwork(network, m.args()))));
				if (!o.levers) {
					levers.put(network, runs);
					continue;
				}
				runs.add(new Lever("OMP_NUM_THREADS=1 (serving)", java(network + " OMP_NUM_THREADS=1",
						NetworkBench.class, Flags.WEBAPP, 1, inferOnly(network, m))));
				// the former path of the pooling layers, training and serving
				List<String> oneDnnPooling = List.of("-D" + NativePooling.ONEDNN_PROPERTY + "=true");
				runs.add(new Lever("max pooling on oneDNN (before 2026-12-07), training",
						java(network + " pooling on oneDNN", NetworkBench.class, Flags.WORKER, oneDnnPooling, 2,
								trainOnly(network, m.trainBatch, images / m.trainBatch, m))));
				runs.add(new Lever("max pooling on oneDNN (before 2026-12-07), serving (OMP_NUM_THREADS=1)",
						java(network + " pooling on oneDNN, serving", NetworkBench.class, Flags.WEBAPP, oneDnnPooling,
								1, inferOnly(network, m))));
				// OpenBLAS with ND4J's own count (OpenMP's, 2 here) instead of one thread
				runs.add(new Lever("OpenBLAS on OpenMP's thread count (before 2026-12-07), training",
						java(network + " OpenBLAS on 2 threads", NetworkBench.class, Flags.WORKER,
								List.of("-D" + NativeThreads.BLAS_THREADS_PROPERTY + "=0"), 2,
								trainOnly(network, m.trainBatch, images / m.trainBatch, m))));
				// the trainer's data-parallel steps: the batch split over two one-thread
				// replicas
				for (int batch : new int[] { m.trainBatch, 128 }) {
					List<String> a = trainOnly(network, batch, images / batch, m);
					a.addAll(List.of("--replicas", "2"));
					runs.add(new Lever(
							"training batch " + batch + " on 2 one-thread replicas (-Ddeepdock.training.replicas=2)",
							java(network + " 2 replicas, batch " + batch, NetworkBench.class, Flags.WORKER, 2, a)));
				}
				for (int batch : new int[] { 32, 128, 256 }) {
					runs.add(new Lever("training batch " + batch, java(network + " training batch " + batch,
							NetworkBench.class, Flags.WORKER, 2, trainOnly(network, batch, images / batch, m))));
				}
				int batch = m.trainBatch;
				List<String> noWs = withNetwork(network, m.args(batch, images / batch));
				noWs.addAll(List.of("--workspaces", "NONE"));
				runs.add(new Lever("workspaces NONE",
						java(network + " workspaces NONE", NetworkBench.class, Flags.WORKER, 2, noWs)));
				for (String[] lever : new String[][] { { "--cache-mode", "DEVICE" }, { "--cache-mode", "HOST" },
						{ "--feed", "VIEW" }, { "--feed", "COPY" } }) {
					List<String> a = trainOnly(network, batch, images / batch, m);
					a.addAll(List.of(lever));
					String name = lever[0].substring(2) + " " + lever[1];
					runs.add(new Lever(name, java(network + " " + name, NetworkBench.class, Flags.WORKER, 2, a)));
				}
				if (python) {
					runs.add(new Lever("PyTorch, 1 thread (serving)",
							python(o.python, script, "PyTorch " + network + " 1 thread", 1,
									List.of("--network", network, "--batches", "0", "--seconds", seconds))));
				}
				levers.put(network, runs);
			}
		}

		System.out.println();
		System.out.print(Report.main(networks, dl4j, python ? torch : null));
		System.out.println();
		System.out.print(Report.serving(networks, serving, dl4j));
		if (models != null) {
			System.out.println();
			System.out.print(Report.models(models));
		}
		for (Map.Entry<String, List<Lever>> entry : levers.entrySet()) {
			System.out.println();
			System.out.print(Report.levers(entry.getKey(), entry.getValue()));
		}
		System.out.println();
		System.out.println("# load average at end: " + loadAverage() + " (machine shared with other work: compare "
				+ "figures as ratios within one run)");
	}

	record Lever(String name, Map<String, String> results) {
	}

	private static List<String> withNetwork(String network, List<String> measure) {
		List<String> args = new ArrayList<>(List.of("--network", network));
		args.addAll(measure);
		return args;
	}

	private static List<String> inferOnly(String network, Measure m) {
		List<String> args = withNetwork(network, m.args());
		args.addAll(List.of("--train", "false"));
		return args;
	}

	private static List<String> trainOnly(String network, int batch, int batches, Measure m) {
		List<String> args = withNetwork(network, m.args(batch, Math.max(batches, 10)));
		args.addAll(List.of("--infer", "false"));
		return args;
	}

	/** The worker gives the C heap's free pages back to the system every 5 s. */
	private static final String TRIM = "-XX:TrimNativeHeapInterval=5000";

	/** JVM flags of the service roles, as the launcher's {@code JvmOptions} sets them. */
	enum Flags {

		WORKER("-Xmx1g", "2g", "4g", "-XX:+UseSerialGC", "-Xms64m", "-Xmn48m", "-XX:SurvivorRatio=4",
				"-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", TRIM),
		WEBAPP("-Xmx384m", "1g", "2g", "-XX:+UseSerialGC");

		final List<String> flags;

		Flags(String heap, String maxBytes, String maxPhysicalBytes, String... collector) {
			List<String> f = new ArrayList<>(List.of(heap, "-XX:+ExitOnOutOfMemoryError",
					"-Dorg.bytedeco.javacpp.cachedir=" + Path.of(System.getProperty("user.home"), ".javacpp", "cache"),
					"-Dorg.bytedeco.javacpp.maxbytes=" + maxBytes,
					"-Dorg.bytedeco.javacpp.maxphysicalbytes=" + maxPhysicalBytes));
			f.addAll(List.of(collector));
			Runtime.Version java = Runtime.version();
			int feature = java.feature();
			// the launcher's rule (JvmOptions.canTrimNativeHeap): a product flag since
			// 17.0.12, 21.0.4 and 23
			boolean canTrim = (feature == 17 && java.update() >= 12) || (feature == 21 && java.update() >= 4)
					|| feature >= 23;
			if (!canTrim) {
				f.remove(TRIM);
			}
			if (feature >= 22) {
				f.add("--enable-native-access=ALL-UNNAMED");
			}
			if (feature >= 23) {
				f.add("--sun-misc-unsafe-memory-access=allow");
			}
			this.flags = List.copyOf(f);
		}

	}

	private Map<String, String> java(String label, Class<?> main, Flags flags, int threads, List<String> args)
			throws IOException, InterruptedException {
		return java(label, main, flags, List.of(), threads, args);
	}

	private Map<String, String> java(String label, Class<?> main, Flags flags, List<String> extraFlags, int threads,
			List<String> args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(flags.flags);
		command.addAll(extraFlags);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		return child(label, command, threads);
	}

	private Map<String, String> python(String python, Path script, String label, int threads, List<String> args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(python, script.toString(), "--threads", String.valueOf(threads)));
		command.addAll(args);
		return child(label, command, threads);
	}

	private Map<String, String> child(String label, List<String> command, int threads)
			throws IOException, InterruptedException {
		System.out.printf(Locale.ROOT, "%n## %s (OMP_NUM_THREADS=%d)%n", label, threads);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
		long start = System.nanoTime();
		Process process = builder.start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
				if (line.startsWith(Results.PREFIX) || line.startsWith("#")) {
					System.out.println("   " + line);
				}
			}
		}
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			System.out.println("   FAILED (exit " + process.exitValue() + "): " + String.join(" ", command));
			lines.stream().skip(Math.max(0, lines.size() - 30)).forEach(l -> System.out.println("   | " + l));
			return Map.of("error", "exit " + process.exitValue());
		}
		System.out.printf(Locale.ROOT, "   (%.0f s)%n", (System.nanoTime() - start) / 1e9);
		return Results.parse(lines);
	}

	private static boolean torchAvailable(String python) {
		try {
			Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	/**
	 * {@code pytorch_reference.py} beside the module: {@code bench/} when run from the
	 * jar in {@code bench/target/}, else {@code ./bench/}.
	 */
	private static Path script() {
		String classPath = System.getProperty("java.class.path").split(File.pathSeparator)[0];
		Path fromJar = Path.of(classPath).toAbsolutePath().getParent();
		for (Path candidate : new Path[] { fromJar == null ? null : fromJar.resolveSibling("pytorch_reference.py"),
				Path.of("bench", "pytorch_reference.py"), Path.of("pytorch_reference.py") }) {
			if (candidate != null && Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		return Path.of("bench", "pytorch_reference.py");
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

}
