package io.deepdock.core.ml.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.networks.Dl4jZip;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.evaluation.Metrics;
import io.deepdock.core.ml.MirrorAveraging;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.text.Vocabulary;

/**
 * Trains one model: fixed seeds (same seed, same data, same thread count and replicas:
 * same weights), a checkpoint after every epoch, resume from the last checkpoint, early
 * stopping on a validation split, cancellation at batch boundaries. Not thread-safe: one
 * training per instance at a time.
 *
 * <p>
 * Which weights are kept: with early stopping (patience above 0) the best validation
 * epoch's; without it, the last epoch's, the end of the learning-rate schedule. The
 * validation split still scores every epoch (a job's second curve), but its late epochs
 * differ by less than its own noise, so choosing among them by it picks noise
 * (docs/models.md, session 18).
 *
 * <p>
 * Every random choice derives from the seed and the epoch number (shuffle order,
 * augmentation, dropout), so a resumed epoch replays exactly what the interrupted run
 * would have done; the checkpoint only has to hold the weights, the updater (Adam
 * moments) and the bookkeeping.
 *
 * <p>
 * When {@link #REPLICAS_PROPERTY} asks for it, each batch is split over one-thread
 * replicas of the network ({@link DataParallel}): each fills its own part (augmented from
 * a generator split off the epoch's in order) and computes its gradient, and the summed
 * gradient takes one Adam step. On that path an epoch's examples/s counts the filling of
 * the batches too, which runs inside the step.
 */
public final class Trainer {

	private static final Logger log = LoggerFactory.getLogger(Trainer.class);

	/**
	 * Text features: words and word pairs, the most frequent ones seen in at least two
	 * texts.
	 */
	static final int VOCABULARY_SIZE = 20_000;

	static final int VOCABULARY_MIN_DOCUMENTS = 2;

	/** Training examples scored for the per-epoch training metric. */
	static final int TRAIN_SAMPLE = 2_000;

	private static final int EVAL_BATCH = 256;

	/**
	 * {@code -Ddeepdock.training.replicas=N}: how many one-thread replicas share each
	 * training batch ({@link DataParallel}); {@code auto}: one per native thread, each
	 * with at least {@link #MIN_PART} rows of the batch. By default 1: the batch whole on
	 * all native threads. Off by default: on an AMD EPYC it made Fashion 5-11 % faster,
	 * and its two 36-epoch draws read 93.43 and 93.61 % against the whole batch's 93.70 %
	 * (docs/models.md, session 24).
	 */
	public static final String REPLICAS_PROPERTY = "deepdock.training.replicas";

	/** The fewest rows of a batch a replica is given by default. */
	static final int MIN_PART = 32;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TrainingListener listener;

	private final CheckpointStore checkpoints;

	private final String checkpointKey;

	private final int reportEveryBatches;

	/**
	 * @param checkpointKey under which the checkpoint is kept (e.g. the job id); an
	 * existing checkpoint under it is resumed
	 * @param reportEveryBatches how often {@link TrainingListener#onBatches} is called
	 */
	public Trainer(TrainingListener listener, CheckpointStore checkpoints, String checkpointKey,
			int reportEveryBatches) {
		if (reportEveryBatches < 1) {
			throw new IllegalArgumentException("reportEveryBatches must be at least 1");
		}
		this.listener = listener;
		this.checkpoints = checkpoints;
		this.checkpointKey = checkpointKey;
		this.reportEveryBatches = reportEveryBatches;
	}

	/** Trains without checkpoints or progress reports. */
	public Trainer() {
		this(TrainingListener.NONE, CheckpointStore.NONE, "none", Integer.MAX_VALUE);
	}

	/**
	 * Trains (or resumes) and evaluates on the test set.
	 * @throws InvalidTrainingParametersException when a parameter is out of range
	 * @throws TrainingCancelledException when the listener asked to stop
	 */
	public TrainedModel train(Task task, TrainingData data, TrainingParameters parameters) {
		parameters.validate(task);
		if (data.isImages() != (task.kind() == Task.Kind.IMAGE)) {
			throw new IllegalArgumentException("task " + task.id() + " needs " + task.kind() + " data");
		}
		Architecture architecture = Architecture.fromId(parameters.architecture());
		Examples train;
		Examples test;
		DataNormalization normalizer = null;
		Vocabulary vocabulary = null;
		if (data.isImages()) {
			checkShape(task, data.trainImages().classes(), data.trainImages().rows(), data.trainImages().cols());
			checkShape(task, data.testImages().classes(), data.testImages().rows(), data.testImages().cols());
			Augmentation augmentation = parameters.augmentation() ? Augmentation.of(task) : null;
			train = new ImageExamples(data.trainImages(), augmentation);
			test = new ImageExamples(data.testImages(), null);
			normalizer = new ImagePreProcessingScaler(0, 1);
		}
		else {
			vocabulary = Vocabulary.build(data.trainTexts().texts(), 2, VOCABULARY_SIZE, VOCABULARY_MIN_DOCUMENTS);
			train = new TextExamples(data.trainTexts(), vocabulary);
			test = new TextExamples(data.testTexts(), vocabulary);
		}
		boolean mirror = averagesMirror(task, parameters);
		boolean earlyStopping = parameters.patience() > 0;
		Split split = split(train, parameters);
		if (split.train.length == 0) {
			throw new IllegalArgumentException("no training examples left after the validation split");
		}
		int[] trainSample = Arrays.copyOf(split.train, Math.min(TRAIN_SAMPLE, split.train.length));
		Arrays.sort(trainSample);

		State state;
		MultiLayerNetwork network;
		INDArray best = null;
		Optional<byte[]> saved = load();
		if (saved.isPresent()) {
			Checkpoint checkpoint = Checkpoint.read(saved.get());
			if (!checkpoint.state().parameters().equals(parameters) || !checkpoint.state().task().equals(task.id())) {
				throw new IllegalStateException("checkpoint '%s' was made with other parameters (%s, %s), not (%s, %s)"
					.formatted(this.checkpointKey, checkpoint.state().task(), checkpoint.state().parameters(),
							task.id(), parameters));
			}
			network = checkpoint.network();
			state = checkpoint.state();
			// a checkpoint written before the last epoch was kept without early stopping
			// may hold a best epoch that this run does not keep
			best = earlyStopping ? checkpoint.best() : null;
			log.info("resuming {} from checkpoint '{}' after epoch {}", task.id(), this.checkpointKey,
					state.completedEpochs());
		}
		else {
			network = Networks.build(task, architecture, train.featureSize(), parameters.learningRate(),
					parameters.epochs(), parameters.seed());
			state = State.start(task, parameters);
		}

		int replicas = replicas(parameters.batchSize());
		if (replicas > 1) {
			log.info("{}: each batch of {} split over {} one-thread replicas", task.id(), parameters.batchSize(),
					replicas);
		}
		Batcher trainBatches = new Batcher(train, normalizer, parameters.labelSmoothing());
		Batcher evalBatches = new Batcher(train, normalizer);
		Batcher testBatches = new Batcher(test, normalizer);
		int batchSize = parameters.batchSize();
		int batches = (split.train.length + batchSize - 1) / batchSize;
		String metric = task.multiLabel() ? "mean_roc_auc" : "accuracy";

		try (DataParallel parallel = replicas > 1 ? new DataParallel(network, replicas) : null) {
			Batcher[] partBatches = new Batcher[replicas > 1 ? replicas : 0];
			for (int i = 0; i < partBatches.length; i++) {
				partBatches[i] = new Batcher(train, normalizer, parameters.labelSmoothing());
			}
			while (state.completedEpochs() < parameters.epochs() && !state.stoppedEarly()) {
				int epoch = state.completedEpochs();
				long epochStart = System.nanoTime();
				int[] order = split.train.clone();
				shuffle(order, new SplittableRandom(mix(parameters.seed(), epoch, 1)));
				SplittableRandom augmentation = parameters.augmentation()
						? new SplittableRandom(mix(parameters.seed(), epoch, 2)) : null;
				// dropout draws from ND4J's global generator: reseed it so the epoch
				// repeats
				// exactly on resume
				Nd4j.getRandom().setSeed(mix(parameters.seed(), epoch, 3));
				if (parallel != null) {
					// and each replica's thread has a generator of its own
					long seed = parameters.seed();
					parallel.onEachThread(i -> Nd4j.getRandom().setSeed(mix(seed, epoch, 16 + i)));
				}
				double lossSum = 0;
				long fitNanos = 0;
				long fillNanos = 0;
				long windowStart = System.nanoTime();
				int windowExamples = 0;
				for (int b = 0; b < batches; b++) {
					if (this.listener.cancelRequested()) {
						throw new TrainingCancelledException(epoch);
					}
					int from = b * batchSize;
					int count = Math.min(batchSize, order.length - from);
					double loss;
					if (parallel == null) {
						long f = System.nanoTime();
						DataSet batch = trainBatches.batch(order, from, count, augmentation);
						long t = System.nanoTime();
						fillNanos += t - f;
						network.fit(batch);
						fitNanos += System.nanoTime() - t;
						loss = network.score();
					}
					else {
						// each replica fills its own part, with a generator split off in
						// order
						int parts = partBatches.length;
						SplittableRandom[] randoms = new SplittableRandom[parts];
						for (int i = 0; i < parts && augmentation != null; i++) {
							randoms[i] = augmentation.split();
						}
						long t = System.nanoTime();
						loss = parallel.fit(i -> {
							int start = count * i / parts;
							int rows = count * (i + 1) / parts - start;
							return rows == 0 ? null : partBatches[i].batch(order, from + start, rows, randoms[i]);
						});
						fitNanos += System.nanoTime() - t;
					}
					lossSum += loss;
					windowExamples += count;
					if ((b + 1) % this.reportEveryBatches == 0) {
						long now = System.nanoTime();
						this.listener.onBatches(new TrainingListener.BatchProgress(epoch + 1, b + 1, batches, loss,
								windowExamples / ((now - windowStart) / 1e9)));
						windowStart = now;
						windowExamples = 0;
					}
				}
				network.incrementEpochCount();
				long scoreStart = System.nanoTime();
				// the epoch's scores read the images alone: their mirrors would double
				// the forward passes (0.9 s of a 34 s Fashion epoch) for curves that
				// only compare epochs with each other; the test score averages them
				double trainScore = score(task, network, evalBatches, train, trainSample, false);
				Double validationScore = split.validation.length == 0 ? null
						: score(task, network, evalBatches, train, split.validation, false);
				long scoreEnd = System.nanoTime();
				double seconds = (scoreEnd - epochStart) / 1e9;
				TrainingListener.EpochProgress progress = new TrainingListener.EpochProgress(epoch + 1,
						parameters.epochs(), lossSum / batches, metric, trainScore, validationScore,
						Networks.learningRate(parameters.learningRate(), parameters.epochs(), epoch), seconds,
						split.train.length / (fitNanos / 1e9));
				state = state.next(progress, parameters.patience());
				if (earlyStopping && state.bestEpoch() == epoch + 1) {
					best = network.params().dup();
				}
				save(new Checkpoint(state, network, best));
				this.listener.onEpoch(progress);
				// where the epoch went: the steps, filling the batches (inside the steps
				// on replicas), scoring, the checkpoint
				log.info(
						"{} epoch {}/{}: loss {} train {} {} validation {} ({} s, {} ex/s; steps {} s, batches {} s,"
								+ " scoring {} s, checkpoint {} s)",
						task.id(), epoch + 1, parameters.epochs(), fmt(progress.loss()), metric, fmt(trainScore),
						validationScore == null ? "-" : fmt(validationScore), fmt(seconds),
						Math.round(progress.examplesPerSecond()), fmt(fitNanos / 1e9), fmt(fillNanos / 1e9),
						fmt((scoreEnd - scoreStart) / 1e9), fmt((System.nanoTime() - scoreEnd) / 1e9));
			}
		}
		// best is only kept with early stopping, and then every epoch has a validation
		// score
		int keptEpoch = (best != null) ? state.bestEpoch() : state.completedEpochs();
		if (keptEpoch != state.completedEpochs()) {
			network.setParams(best);
		}
		long evaluationStart = System.nanoTime();
		Evaluation evaluation = evaluate(task, network, testBatches, test, mirror);
		double examplesPerSecond = state.history()
			.stream()
			.mapToDouble(TrainingListener.EpochProgress::examplesPerSecond)
			.average()
			.orElse(0);
		double seconds = state.seconds() + (System.nanoTime() - evaluationStart) / 1e9;
		return new TrainedModel(task, network, normalizer, vocabulary, parameters, List.copyOf(state.history()),
				evaluation, state.completedEpochs(), keptEpoch, state.stoppedEarly(), seconds, examplesPerSecond,
				mirror);
	}

	/**
	 * How many replicas share a batch of {@code batchSize}: 1 unless
	 * {@link #REPLICAS_PROPERTY} says otherwise; its {@code auto} is one per native
	 * thread ND4J started with (the cores, or {@code OMP_NUM_THREADS}) while each gets
	 * {@link #MIN_PART} rows.
	 */
	static int replicas(int batchSize) {
		return replicas(System.getProperty(REPLICAS_PROPERTY), batchSize, Nd4j.getEnvironment().maxThreads());
	}

	static int replicas(String configured, int batchSize, int threads) {
		if (configured == null) {
			return 1;
		}
		if ("auto".equals(configured.trim())) {
			return Math.max(1, Math.min(threads, batchSize / MIN_PART));
		}
		int value;
		try {
			value = Integer.parseInt(configured.trim());
		}
		catch (NumberFormatException ex) {
			value = 0;
		}
		if (value < 1 || value > 64) {
			throw new IllegalArgumentException(
					REPLICAS_PROPERTY + " must be 'auto' or a number between 1 and 64, was '" + configured + "'");
		}
		return value;
	}

	/**
	 * Whether a model of these parameters predicts the mean of an image's and its
	 * mirror's outputs: when its training mirrored the images, so that both are images it
	 * learnt from.
	 */
	public static boolean averagesMirror(Task task, TrainingParameters parameters) {
		return task.kind() == Task.Kind.IMAGE && parameters.augmentation() && Augmentation.of(task).mirror();
	}

	/**
	 * Evaluates a stored model on a labelled image set, the way a training evaluates its
	 * own result: a champion and its challenger compared on the same test split.
	 */
	public static Evaluation evaluate(Task task, MultiLayerNetwork network,
			org.nd4j.linalg.dataset.api.preprocessor.DataNormalization normalizer,
			io.deepdock.core.ml.text.Vocabulary vocabulary, boolean mirrorAveraged, TrainingData data) {
		if (data.isImages() != (task.kind() == Task.Kind.IMAGE)) {
			throw new IllegalArgumentException("task " + task.id() + " needs " + task.kind() + " data");
		}
		Examples examples;
		if (data.isImages()) {
			ImageSet images = data.testImages();
			checkShape(task, images.classes(), images.rows(), images.cols());
			examples = new ImageExamples(images, null);
		}
		else {
			// the champion's own vocabulary: the features it was trained on
			examples = new TextExamples(data.testTexts(), vocabulary);
		}
		return evaluate(task, network, new Batcher(examples, normalizer), examples, mirrorAveraged);
	}

	/** Evaluates a trained network on a labelled set (the test set, or any other). */
	static Evaluation evaluate(Task task, MultiLayerNetwork network, Batcher batches, Examples examples,
			boolean mirror) {
		int[] all = new int[examples.size()];
		Arrays.setAll(all, i -> i);
		float[] probabilities = predict(network, batches, all, mirror ? task : null);
		int k = examples.labelCount();
		if (task.multiLabel()) {
			return Evaluation.of(task.id(), Metrics.multiLabel(probabilities, truth(examples, all), task.labels()));
		}
		int[] actual = new int[all.length];
		int[] predicted = new int[all.length];
		float[] target = new float[k];
		for (int i = 0; i < all.length; i++) {
			examples.labels(all[i], target, 0);
			actual[i] = Metrics.argMax(target, 0, k);
			predicted[i] = Metrics.argMax(probabilities, i * k, k);
		}
		return Evaluation.of(task.id(), Metrics.classification(actual, predicted, task.labels()));
	}

	private static double score(Task task, MultiLayerNetwork network, Batcher batches, Examples examples, int[] indexes,
			boolean mirror) {
		float[] probabilities = predict(network, batches, indexes, mirror ? task : null);
		int k = examples.labelCount();
		if (task.multiLabel()) {
			Double auc = Metrics.multiLabel(probabilities, truth(examples, indexes), task.labels()).meanRocAuc();
			return auc == null ? 0 : auc;
		}
		int right = 0;
		float[] target = new float[k];
		for (int i = 0; i < indexes.length; i++) {
			examples.labels(indexes[i], target, 0);
			if (Metrics.argMax(target, 0, k) == Metrics.argMax(probabilities, i * k, k)) {
				right++;
			}
		}
		return (double) right / indexes.length;
	}

	private static byte[] truth(Examples examples, int[] indexes) {
		int k = examples.labelCount();
		float[] target = new float[k];
		byte[] truth = new byte[indexes.length * k];
		for (int i = 0; i < indexes.length; i++) {
			examples.labels(indexes[i], target, 0);
			for (int j = 0; j < k; j++) {
				truth[i * k + j] = (byte) (target[j] > 0.5f ? 1 : 0);
			}
		}
		return truth;
	}

	/**
	 * Outputs for {@code indexes}, row after row.
	 * @param mirrorOf the image task whose rows are averaged with their mirrors
	 * ({@link MirrorAveraging}), or null to score the rows alone
	 */
	static float[] predict(MultiLayerNetwork network, Batcher batches, int[] indexes, Task mirrorOf) {
		int k = network.layerSize(network.getnLayers() - 1);
		float[] out = new float[indexes.length * k];
		// with the mirrors, half the images: a forward pass of EVAL_BATCH rows either
		// way,
		// so its native arrays are as large as without them
		int step = mirrorOf == null ? EVAL_BATCH : EVAL_BATCH / 2;
		for (int from = 0; from < indexes.length; from += step) {
			int count = Math.min(step, indexes.length - from);
			DataSet batch = batches.batch(indexes, from, count, null);
			float[] values;
			if (mirrorOf == null) {
				values = Networks.output(network, batch.getFeatures());
			}
			else {
				float[] rows = MirrorAveraging.withMirrors(batch.getFeatures().data().asFloat(), count, mirrorOf.rows(),
						mirrorOf.cols());
				try (INDArray input = Nd4j.create(rows, new long[] { 2L * count, rows.length / (2L * count) }, 'c')) {
					values = MirrorAveraging.average(Networks.output(network, input), count, k);
				}
			}
			System.arraycopy(values, 0, out, from * k, count * k);
		}
		return out;
	}

	private record Split(int[] train, int[] validation) {
	}

	/**
	 * Seeded, stratified: shuffles, keeps the first {@code trainLimit}, then holds out
	 * {@code validationFraction} of every stratum. Independent of the epoch, so a resumed
	 * run splits the same way.
	 */
	private static Split split(Examples examples, TrainingParameters parameters) {
		int[] all = new int[examples.size()];
		Arrays.setAll(all, i -> i);
		shuffle(all, new SplittableRandom(mix(parameters.seed(), 0, 4)));
		if (parameters.trainLimit() > 0 && parameters.trainLimit() < all.length) {
			// stratified subset: round-robin over the strata in shuffled order
			all = stratifiedPrefix(examples, all, parameters.trainLimit());
		}
		if (parameters.validationFraction() == 0) {
			return new Split(all, new int[0]);
		}
		Integer[] boxed = Arrays.stream(all).boxed().toArray(Integer[]::new);
		int[] position = new int[examples.size()];
		for (int i = 0; i < all.length; i++) {
			position[all[i]] = i;
		}
		Arrays.sort(boxed, Comparator.<Integer>comparingInt(examples::stratum).thenComparingInt(i -> position[i]));
		List<Integer> train = new ArrayList<>();
		List<Integer> validation = new ArrayList<>();
		int i = 0;
		while (i < boxed.length) {
			int j = i;
			while (j < boxed.length && examples.stratum(boxed[j]) == examples.stratum(boxed[i])) {
				j++;
			}
			int held = (int) Math.round((j - i) * parameters.validationFraction());
			for (int t = i; t < j; t++) {
				(t - i < held ? validation : train).add(boxed[t]);
			}
			i = j;
		}
		int[] trainIndexes = train.stream().mapToInt(Integer::intValue).toArray();
		shuffle(trainIndexes, new SplittableRandom(mix(parameters.seed(), 0, 5)));
		return new Split(trainIndexes, validation.stream().mapToInt(Integer::intValue).sorted().toArray());
	}

	private static int[] stratifiedPrefix(Examples examples, int[] shuffled, int limit) {
		java.util.Map<Integer, java.util.ArrayDeque<Integer>> byStratum = new java.util.TreeMap<>();
		for (int index : shuffled) {
			byStratum.computeIfAbsent(examples.stratum(index), s -> new java.util.ArrayDeque<>()).add(index);
		}
		int[] out = new int[limit];
		int n = 0;
		// proportional: each stratum contributes its share, the remainder filled
		// round-robin
		for (java.util.ArrayDeque<Integer> queue : byStratum.values()) {
			long share = (long) queue.size() * limit / shuffled.length;
			for (int t = 0; t < share && n < limit; t++) {
				out[n++] = queue.poll();
			}
		}
		while (n < limit) {
			for (java.util.ArrayDeque<Integer> queue : byStratum.values()) {
				if (n < limit && !queue.isEmpty()) {
					out[n++] = queue.poll();
				}
			}
		}
		shuffle(out, new SplittableRandom(mix(0, limit, 6)));
		return out;
	}

	private static void shuffle(int[] values, SplittableRandom random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int t = values[i];
			values[i] = values[j];
			values[j] = t;
		}
	}

	/** A seed for (seed, epoch, purpose) that differs between purposes and epochs. */
	static long mix(long seed, int epoch, int purpose) {
		return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + purpose).nextLong();
	}

	private static void checkShape(Task task, int classes, int rows, int cols) {
		if (classes != task.labelCount() || rows != task.rows() || cols != task.cols()) {
			throw new IllegalArgumentException("task %s needs %dx%d images of %d classes, got %dx%d of %d"
				.formatted(task.id(), task.rows(), task.cols(), task.labelCount(), rows, cols, classes));
		}
	}

	private static String fmt(double value) {
		return String.format(java.util.Locale.ROOT, "%.4f", value);
	}

	private Optional<byte[]> load() {
		try {
			return this.checkpoints.load(this.checkpointKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read checkpoint " + this.checkpointKey, ex);
		}
	}

	private void save(Checkpoint checkpoint) {
		if (this.checkpoints == CheckpointStore.NONE) {
			return;
		}
		try {
			this.checkpoints.save(this.checkpointKey, checkpoint.bytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write checkpoint " + this.checkpointKey, ex);
		}
	}

	/**
	 * Bookkeeping that survives a restart (JSON in the checkpoint).
	 *
	 * @param bestEpoch 1-based epoch with the best validation score so far, -1 without
	 * validation
	 */
	record State(String task, TrainingParameters parameters, int completedEpochs,
			List<TrainingListener.EpochProgress> history, int bestEpoch, double bestScore, int epochsWithoutGain,
			boolean stoppedEarly) {

		static State start(Task task, TrainingParameters parameters) {
			return new State(task.id(), parameters, 0, List.of(), -1, 0, 0, false);
		}

		State next(TrainingListener.EpochProgress progress, int patience) {
			List<TrainingListener.EpochProgress> newHistory = new ArrayList<>(this.history);
			newHistory.add(progress);
			int newBest = this.bestEpoch;
			double newBestScore = this.bestScore;
			int without = this.epochsWithoutGain;
			if (progress.validationScore() != null) {
				if (this.bestEpoch < 0 || progress.validationScore() > this.bestScore) {
					newBest = progress.epoch();
					newBestScore = progress.validationScore();
					without = 0;
				}
				else {
					without++;
				}
			}
			return new State(this.task, this.parameters, this.completedEpochs + 1, List.copyOf(newHistory), newBest,
					newBestScore, without, patience > 0 && without >= patience);
		}

		double seconds() {
			return this.history.stream().mapToDouble(TrainingListener.EpochProgress::seconds).sum();
		}

	}

	/**
	 * What is saved after every epoch: a zip of the state (JSON), the network with its
	 * updater state (ModelSerializer) and, with early stopping, the best epoch's weights.
	 */
	record Checkpoint(State state, MultiLayerNetwork network, INDArray best) {

		private static final String STATE = "state.json";

		private static final String MODEL = "model.zip";

		private static final String BEST = "best.bin";

		byte[] bytes() throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				// stored, not deflated again: the model entry is a zip already and the
				// weights are floats, which deflate barely shrinks
				zip.setLevel(Deflater.NO_COMPRESSION);
				zip.putNextEntry(new ZipEntry(STATE));
				zip.write(JSON.writeValueAsBytes(this.state));
				zip.closeEntry();
				zip.putNextEntry(new ZipEntry(MODEL));
				zip.write(Dl4jZip.bytes(this.network, true, null));
				zip.closeEntry();
				if (this.best != null) {
					zip.putNextEntry(new ZipEntry(BEST));
					DataOutputStream out = new DataOutputStream(zip);
					Nd4j.write(this.best, out);
					out.flush();
					zip.closeEntry();
				}
			}
			return bytes.toByteArray();
		}

		static Checkpoint read(byte[] bytes) {
			OneDnn.enable();
			State state = null;
			MultiLayerNetwork network = null;
			INDArray best = null;
			try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
				ZipEntry entry;
				while ((entry = zip.getNextEntry()) != null) {
					byte[] content = zip.readAllBytes();
					switch (entry.getName()) {
						case STATE -> state = JSON.readValue(content, State.class);
						case MODEL ->
							network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(content), true);
						case BEST -> best = Nd4j.read(new DataInputStream(new ByteArrayInputStream(content)));
						default -> {
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				throw new IllegalStateException("unreadable checkpoint: " + ex.getMessage(), ex);
			}
			if (state == null || network == null) {
				throw new IllegalStateException("incomplete checkpoint: state or model missing");
			}
			Networks.prepare(network);
			return new Checkpoint(state, network, best);
		}

	}

}
