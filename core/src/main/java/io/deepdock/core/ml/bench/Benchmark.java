package io.deepdock.core.ml.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.serving.BatchingEngine;
import io.deepdock.core.ml.serving.EngineSettings;

/**
 * The speed figures of the issue in one run, for {@code ./deepdock bench} (the launcher
 * calls {@link #run(String, int, PrintStream)}): training img/s, batch-1 latency,
 * batch-32/256 throughput, the micro-batching engine's throughput with 64 concurrent
 * callers, and peak RSS. Random pixels: speed does not depend on what the images show.
 * {@code bench/torch_reference.py} measures the same network in PyTorch.
 */
public final class Benchmark {

	private Benchmark() {
	}

	/**
	 * @param architecture {@code lenet} (the probe's and PyTorch peer's network) or
	 * {@code standard}
	 * @param seconds rough time per measurement
	 */
	public static void run(String architecture, int seconds, PrintStream out) throws Exception {
		Task task = Task.FASHION;
		MultiLayerNetwork network = Networks.build(task, Architecture.fromId(architecture), 784, 1e-3, 10, 42);
		Random random = new Random(1);
		long budget = seconds * 1_000_000_000L;

		// training: batch 128, as the trainer uses for fashion
		int batch = 128;
		float[] pixels = new float[batch * 784];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = random.nextFloat();
		}
		INDArray features = Nd4j.create(pixels, new long[] { batch, 784 }, DataType.FLOAT);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
		for (int i = 0; i < batch; i++) {
			labels.putScalar(i, i % 10, 1f);
		}
		DataSet data = new DataSet(features, labels);
		for (int i = 0; i < 3; i++) {
			network.fit(data);
		}
		long start = System.nanoTime();
		int steps = 0;
		while (System.nanoTime() - start < budget) {
			network.fit(data);
			steps++;
		}
		double trainRate = steps * batch / ((System.nanoTime() - start) / 1e9);
		out.printf(Locale.ROOT, "%-34s %10.0f img/s%n", "training (batch 128)", trainRate);

		ArtifactMetadata metadata = new ArtifactMetadata(ModelArtifacts.FORMAT, task.id(), task.labels(),
				List.of(1, 28, 28), ModelArtifacts.IMAGE_PREPROCESSING, null, null, null, null, null);
		try (Predictor predictor = new Predictor(
				new LoadedModel(task, metadata, network, new ImagePreProcessingScaler(0, 1), null, "bench"))) {
			float[] row = new float[784];
			for (int i = 0; i < row.length; i++) {
				row[i] = random.nextInt(256);
			}
			// batch-1 latency
			List<float[]> one = List.of(row);
			for (int i = 0; i < 50; i++) {
				predictor.predictRows(one);
			}
			List<Long> latencies = new ArrayList<>();
			start = System.nanoTime();
			while (System.nanoTime() - start < budget) {
				long t = System.nanoTime();
				predictor.predictRows(one);
				latencies.add(System.nanoTime() - t);
			}
			long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			out.printf(Locale.ROOT, "%-34s %10.2f ms (p99 %.2f ms)%n", "batch-1 latency, median",
					sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
			for (int size : new int[] { 32, 256 }) {
				List<float[]> rows = new ArrayList<>(java.util.Collections.nCopies(size, row));
				predictor.predictRows(rows);
				start = System.nanoTime();
				int done = 0;
				while (System.nanoTime() - start < budget) {
					predictor.predictRows(rows);
					done += size;
				}
				out.printf(Locale.ROOT, "%-34s %10.0f img/s%n", "batch-" + size + " throughput",
						done / ((System.nanoTime() - start) / 1e9));
			}
		}
		// the engine with 64 callers, each waiting for its answer before sending the next
		network = Networks.build(task, Architecture.fromId(architecture), 784, 1e-3, 10, 42);
		try (BatchingEngine engine = new BatchingEngine(task.id(),
				new EngineSettings(32, Duration.ofMillis(5), 1024, 1))) {
			engine.swap(new Predictor(
					new LoadedModel(task, metadata, network, new ImagePreProcessingScaler(0, 1), null, "bench")));
			float[] row = new float[784];
			AtomicLong answered = new AtomicLong();
			ExecutorService callers = Executors.newFixedThreadPool(64);
			long end = System.nanoTime() + budget;
			long t0 = System.nanoTime();
			List<CompletableFuture<Void>> loops = new ArrayList<>();
			for (int c = 0; c < 64; c++) {
				loops.add(CompletableFuture.runAsync(() -> {
					while (System.nanoTime() < end) {
						engine.submit(row).join();
						answered.incrementAndGet();
					}
				}, callers));
			}
			CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(seconds * 10L, TimeUnit.SECONDS);
			callers.shutdown();
			out.printf(Locale.ROOT, "%-34s %10.0f img/s%n", "engine, 64 callers (batch <=32)",
					answered.get() / ((System.nanoTime() - t0) / 1e9));
		}
		out.printf(Locale.ROOT, "%-34s %10s%n", "peak RSS", peakRss());
	}

	/** VmHWM from /proc (Linux), e.g. "812 MB". */
	static String peakRss() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter(l -> l.startsWith("VmHWM:"))
				.map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 + " MB")
				.findFirst()
				.orElse("n/a");
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

}
