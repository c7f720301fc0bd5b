package io.deepdock.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import io.deepdock.core.ml.NativeThreads;
import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.BatchPredictor;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.training.DataParallel;
import io.deepdock.core.ml.serving.BatchingEngine;
import io.deepdock.core.ml.serving.EngineSettings;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures one network of {@link Networks} in this JVM (the parent starts one process per
 * network and per lever, so that peak RSS and {@code OMP_NUM_THREADS} are per run):
 * training img/s, batch-1 latency, batch-32/256 throughput through {@link Predictor} (the
 * serving path), and {@link BatchingEngine} throughput with concurrent callers. Random
 * pixels: speed does not depend on what the images show.
 */
final class NetworkBench {

	/** How the training batches are fed to {@code fit}. */
	enum Feed {

		/**
		 * As the production {@code Batcher}: one native array per batch size, refilled
		 * from a Java array for every batch.
		 */
		REUSE,
		/** Views into one preallocated native array that holds the whole set. */
		VIEW,
		/** A new native array per batch (what a naive iterator does). */
		COPY

	}

	/** The child's command line (the parent, {@link Bench}, builds it). */
	static final class Options {

		@Option(names = "--network", defaultValue = "standard", converter = ArchitectureConverter.class)
		Architecture architecture;

		@Mixin
		Measure measure = new Measure();

		@Option(names = "--workspaces", defaultValue = "ENABLED")
		WorkspaceMode workspaces;

		@Option(names = "--cache-mode", defaultValue = "NONE")
		CacheMode cacheMode;

		@Option(names = "--feed", defaultValue = "REUSE")
		Feed feed;

		@Option(names = "--train", defaultValue = "true", arity = "1")
		boolean train;

		@Option(names = "--infer", defaultValue = "true", arity = "1")
		boolean infer;

		@Option(names = "--replicas", defaultValue = "1",
				description = "split each training batch over this many one-thread replicas (DataParallel)")
		int replicas;

		static Options parse(String[] args) {
			Options o = new Options();
			new CommandLine(o).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
			return o;
		}

	}

	static final class ArchitectureConverter implements ITypeConverter<Architecture> {

		@Override
		public Architecture convert(String value) {
			return Architecture.fromId(value);
		}

	}

	private static final Task TASK = Task.FASHION;

	private static final int PIXELS = 784;

	private NetworkBench() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		OneDnn.enable();
		// as every network built or read will (so that the line below says what runs)
		NativeThreads.settleBlas();
		System.out.println("# " + NativeThreads.describe());
		run(options, new Results(System.out));
		System.exit(0);
	}

	static Results run(Options o, Results results) throws Exception {
		results.put("threads", String.valueOf(Nd4j.getEnvironment().maxThreads()));
		if (o.train) {
			train(o, results);
			rss(results, "train");
		}
		if (o.infer) {
			infer(o, results);
		}
		results.put("peak_rss_mb", Results.procStatusMb("VmHWM"));
		return results;
	}

	static MultiLayerNetwork network(Options o) {
		MultiLayerNetwork network = Networks.build(TASK, o.architecture, PIXELS, 1e-3, 10, 42);
		network.getLayerWiseConfigurations().setTrainingWorkspaceMode(o.workspaces);
		network.getLayerWiseConfigurations().setInferenceWorkspaceMode(o.workspaces);
		network.setCacheMode(o.cacheMode);
		return network;
	}

	/**
	 * img/s over {@code trainBatches} batches, after the warm-up
	 * ({@code --train-warmup-seconds}).
	 */
	static void train(Options o, Results results) {
		MultiLayerNetwork network = network(o);
		int batch = o.measure.trainBatch;
		int sets = 16;
		int n = batch * sets;
		Random random = new Random(1);
		float[] pixels = new float[n * PIXELS];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = random.nextFloat();
		}
		float[] onehot = new float[n * 10];
		for (int i = 0; i < n; i++) {
			onehot[i * 10 + random.nextInt(10)] = 1f;
		}
		INDArray allFeatures = Nd4j.create(pixels, new long[] { n, PIXELS }, 'c');
		INDArray allLabels = Nd4j.create(onehot, new long[] { n, 10 }, 'c');
		INDArray features = Nd4j.create(DataType.FLOAT, batch, PIXELS);
		INDArray labels = Nd4j.create(DataType.FLOAT, batch, 10);
		DataSet reused = new DataSet(features, labels);
		float[] featureRows = new float[batch * PIXELS];
		float[] labelRows = new float[batch * 10];
		DataParallel parallel = o.replicas > 1 ? new DataParallel(network, o.replicas) : null;
		DataSet[][] parts = parallel == null ? null : parts(allFeatures, allLabels, sets, batch, o.replicas);
		long began = System.nanoTime();
		long warmupEnd = began + (long) (o.measure.trainWarmupSeconds * 1e9);
		int warmup = -1;
		long start = 0;
		for (int step = 0; warmup < 0 || step < warmup + o.measure.trainBatches; step++) {
			if (warmup < 0 && step >= 5 && System.nanoTime() >= warmupEnd) {
				warmup = step;
				start = System.nanoTime();
			}
			int from = (step % sets) * batch;
			if (parallel != null) {
				parallel.fit(parts[step % sets]);
				continue;
			}
			DataSet data = switch (o.feed) {
				case REUSE -> {
					System.arraycopy(pixels, from * PIXELS, featureRows, 0, featureRows.length);
					System.arraycopy(onehot, from * 10, labelRows, 0, labelRows.length);
					features.data().setData(featureRows);
					labels.data().setData(labelRows);
					yield reused;
				}
				case VIEW -> new DataSet(allFeatures.get(NDArrayIndex.interval(from, from + batch), NDArrayIndex.all()),
						allLabels.get(NDArrayIndex.interval(from, from + batch), NDArrayIndex.all()));
				case COPY -> new DataSet(
						Nd4j.create(Arrays.copyOfRange(pixels, from * PIXELS, (from + batch) * PIXELS),
								new long[] { batch, PIXELS }, 'c'),
						Nd4j.create(Arrays.copyOfRange(onehot, from * 10, (from + batch) * 10),
								new long[] { batch, 10 }, 'c'));
			};
			network.fit(data);
		}
		double rate = (double) o.measure.trainBatches * batch / ((System.nanoTime() - start) / 1e9);
		if (parallel != null) {
			parallel.close();
		}
		network.close();
		results.put("train_img_s", rate);
		results.put("train_warmup_batches", String.valueOf(warmup));
		results.put("train_warmup_s", (start - began) / 1e9);
	}

	/** Every batch split into one contiguous part per replica, made once. */
	private static DataSet[][] parts(INDArray features, INDArray labels, int sets, int batch, int replicas) {
		DataSet[][] parts = new DataSet[sets][replicas];
		for (int s = 0; s < sets; s++) {
			for (int r = 0; r < replicas; r++) {
				long from = (long) s * batch + (long) batch * r / replicas;
				long to = (long) s * batch + (long) batch * (r + 1) / replicas;
				parts[s][r] = new DataSet(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c'),
						labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c'));
			}
		}
		return parts;
	}

	static void infer(Options o, Results results) throws Exception {
		long budget = (long) (o.measure.seconds * 1e9);
		Random random = new Random(2);
		List<float[]> images = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			float[] row = new float[PIXELS];
			for (int j = 0; j < PIXELS; j++) {
				row[j] = random.nextInt(256);
			}
			images.add(row);
		}
		MultiLayerNetwork network = network(o);
		try (Predictor predictor = predictor(network, "bench-" + o.architecture.id())) {
			// batch-1 latency, one caller
			List<float[]> one = List.of(images.get(0));
			throughput(Math.min(budget, 1_000_000_000L), 1, () -> predictor.predictRows(one));
			latencies(results, "b1", budget, () -> predictor.predictRows(one));
			rss(results, "b1");
			for (int size : new int[] { 32, 256 }) {
				List<float[]> rows = images.subList(0, size);
				results.put("b" + size + "_img_s", throughput(budget, size, () -> predictor.predictRows(rows)));
				rss(results, "b" + size);
			}
			// the network alone, without the Predictor's row copying and Classification
			// objects
			INDArray input = Nd4j.rand(DataType.FLOAT, 32, PIXELS);
			results.put("b32_raw_img_s", throughput(budget, 32, () -> network.output(input, false).close()));
			rss(results, "b32_raw");
		}
		// a Fashion model as it serves: each image with its mirror (MirrorAveraging)
		try (Predictor mirrored = predictor(network(o), "bench-mirror-" + o.architecture.id(), true)) {
			List<float[]> one = List.of(images.get(0));
			throughput(Math.min(budget, 1_000_000_000L), 1, () -> mirrored.predictRows(one));
			latencies(results, "b1_mirror", budget, () -> mirrored.predictRows(one));
			List<float[]> rows = images.subList(0, 32);
			results.put("b32_mirror_img_s", throughput(budget, 32, () -> mirrored.predictRows(rows)));
		}
		// the engine, with callers that each wait for their answer before sending the
		// next
		CountingPredictor counting = new CountingPredictor(predictor(network(o), "bench-" + o.architecture.id()));
		try (BatchingEngine engine = new BatchingEngine(TASK.id(), EngineSettings.DEFAULTS)) {
			engine.swap(counting);
			// batch-1 as a lone online request meets it: queued, taken by the engine's
			// worker, answered through the future
			float[] lone = images.get(0);
			throughput(Math.min(budget, 1_000_000_000L), 1, () -> engine.submit(lone).join());
			latencies(results, "b1_engine", budget, () -> engine.submit(lone).join());
			counting.reset();
			AtomicLong answered = new AtomicLong();
			ExecutorService callers = Executors.newFixedThreadPool(o.measure.callers);
			long t0 = System.nanoTime();
			long end = t0 + budget;
			List<CompletableFuture<Void>> loops = new ArrayList<>();
			for (int c = 0; c < o.measure.callers; c++) {
				float[] row = images.get(c % images.size());
				loops.add(CompletableFuture.runAsync(() -> {
					while (System.nanoTime() < end) {
						Classification p = engine.submit(row).join();
						if (p != null) {
							answered.incrementAndGet();
						}
					}
				}, callers));
			}
			CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
				.get((long) (o.measure.seconds * 10) + 60, TimeUnit.SECONDS);
			double elapsed = (System.nanoTime() - t0) / 1e9;
			callers.shutdown();
			results.put("engine_img_s", answered.get() / elapsed);
			results.put("engine_mean_batch", counting.meanBatch());
			rss(results, "engine");
		}
	}

	/**
	 * Median, p99 and worst latency of {@code call} repeated for {@code budget} ns by one
	 * caller, with the garbage collections that happened meanwhile (their count and total
	 * pause): a tail far above the median is either those or the thread waiting for a
	 * core.
	 */
	private static void latencies(Results results, String key, long budget, Runnable call) {
		long[] latencies = new long[1 << 20];
		int count = 0;
		long[] gcBefore = gc();
		long start = System.nanoTime();
		while (System.nanoTime() - start < budget && count < latencies.length) {
			long t = System.nanoTime();
			call.run();
			latencies[count++] = System.nanoTime() - t;
		}
		long[] gcAfter = gc();
		long[] sorted = Arrays.copyOf(latencies, count);
		Arrays.sort(sorted);
		results.put(key + "_p50_ms", sorted[count / 2] / 1e6);
		results.put(key + "_p99_ms", sorted[Math.min(count - 1, (int) (count * 0.99))] / 1e6);
		results.put(key + "_max_ms", sorted[count - 1] / 1e6);
		results.put(key + "_calls", count);
		results.put(key + "_gc_count", gcAfter[0] - gcBefore[0]);
		results.put(key + "_gc_ms", gcAfter[1] - gcBefore[1]);
	}

	/** Collections so far and their total time (ms), over every collector. */
	private static long[] gc() {
		long count = 0;
		long millis = 0;
		for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, bean.getCollectionCount());
			millis += Math.max(0, bean.getCollectionTime());
		}
		return new long[] { count, millis };
	}

	/**
	 * Current RSS after a stage: shows which stage makes the peak (ND4J's off-heap
	 * buffers are freed when their Java objects are collected, not when they fall out of
	 * scope).
	 */
	private static void rss(Results results, String stage) {
		results.put("rss_after_" + stage + "_mb", Results.procStatusMb("VmRSS"));
	}

	/** The serving path: a {@link Predictor} that owns {@code network}. */
	static Predictor predictor(MultiLayerNetwork network, String name) {
		return predictor(network, name, false);
	}

	/**
	 * The serving path: a {@link Predictor} that owns {@code network}, averaging each
	 * image's outputs with its mirror's when {@code mirror}.
	 */
	static Predictor predictor(MultiLayerNetwork network, String name, boolean mirror) {
		ArtifactMetadata metadata = new ArtifactMetadata(ModelArtifacts.FORMAT, TASK.id(), TASK.labels(),
				List.of(1, 28, 28), ModelArtifacts.IMAGE_PREPROCESSING, null, null, null, null, null, mirror);
		return new Predictor(new LoadedModel(TASK, metadata, network, new ImagePreProcessingScaler(0, 1), null, name));
	}

	private static double throughput(long budget, int perCall, Runnable call) {
		for (int i = 0; i < 5; i++) {
			call.run();
		}
		long start = System.nanoTime();
		long done = 0;
		while (System.nanoTime() - start < budget) {
			call.run();
			done += perCall;
		}
		return done / ((System.nanoTime() - start) / 1e9);
	}

	/** Counts the forward passes the engine makes, to report its mean batch size. */
	private static final class CountingPredictor implements BatchPredictor {

		private final BatchPredictor delegate;

		private final AtomicLong batches = new AtomicLong();

		private final AtomicLong rows = new AtomicLong();

		CountingPredictor(BatchPredictor delegate) {
			this.delegate = delegate;
		}

		void reset() {
			this.batches.set(0);
			this.rows.set(0);
		}

		double meanBatch() {
			long b = this.batches.get();
			return b == 0 ? 0 : (double) this.rows.get() / b;
		}

		@Override
		public int featureSize() {
			return this.delegate.featureSize();
		}

		@Override
		public String sha256() {
			return this.delegate.sha256();
		}

		@Override
		public List<Classification> predictRows(List<float[]> rows) {
			this.batches.incrementAndGet();
			this.rows.addAndGet(rows.size());
			return this.delegate.predictRows(rows);
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
