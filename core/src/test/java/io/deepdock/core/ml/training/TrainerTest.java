package io.deepdock.core.ml.training;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.networks.NativePooling;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.MirrorAveraging;
import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.SyntheticImages;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.Predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {

	private static final ImageSet TRAIN = SyntheticImages.of(300, 1);

	private static final ImageSet TEST = SyntheticImages.of(100, 2);

	private static final TrainingData DATA = TrainingData.images(TRAIN, TEST);

	/**
	 * The production network (dropout, batch norm, augmentation) on a tiny set, so every
	 * random source counts.
	 */
	private static final TrainingParameters TINY = TrainingParameters.defaults(Task.DIGITS)
		.withEpochs(2)
		.withBatchSize(50)
		.withTrainLimit(150);

	@Test
	void repeatsARunWithTheSameSeed() {
		try (TrainedModel first = new Trainer().train(Task.DIGITS, DATA, TINY);
				TrainedModel second = new Trainer().train(Task.DIGITS, DATA, TINY)) {
			assertThat(second.network().params()).isEqualTo(first.network().params());
			assertThat(second.evaluation()).usingRecursiveComparison().isEqualTo(first.evaluation());
		}
	}

	@Test
	void aCheckpointIsReadBackWithItsPoolingOnLibnd4jsKernel() throws Exception {
		CheckpointStore store = CheckpointStore.inMemory();
		try (TrainedModel model = new Trainer(TrainingListener.NONE, store, "last", Integer.MAX_VALUE)
			.train(Task.DIGITS, DATA, TINY.withEpochs(1))) {
			Trainer.Checkpoint checkpoint = Trainer.Checkpoint.read(store.load("last").orElseThrow());
			assertThat(checkpoint.network().getLayer(1)).isInstanceOf(NativePooling.class);
			assertThat(checkpoint.network().getLayer(4)).isInstanceOf(NativePooling.class);
			assertThat(model.network().getLayer(1)).isInstanceOf(NativePooling.class);
		}
	}

	@Test
	void readingACheckpointPutsOpenBlasOnOneThread() throws Exception {
		CheckpointStore store = CheckpointStore.inMemory();
		try (TrainedModel model = new Trainer(TrainingListener.NONE, store, "last", Integer.MAX_VALUE)
			.train(Task.DIGITS, DATA, TINY.withEpochs(1))) {
			Nd4j.factory().blas().setMaxThreads(2);
			Trainer.Checkpoint.read(store.load("last").orElseThrow());
			assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
		}
	}

	@Test
	void resumesFromCheckpointWithSameResult() {
		CheckpointStore store = CheckpointStore.inMemory();
		assertThatThrownBy(() -> new Trainer(stopAfterFirstEpoch(), store, "job-1", 1).train(Task.DIGITS, DATA, TINY))
			.isInstanceOf(TrainingCancelledException.class)
			.hasMessageContaining("after 1 completed epoch");

		try (TrainedModel resumed = new Trainer(TrainingListener.NONE, store, "job-1", 1).train(Task.DIGITS, DATA,
				TINY); TrainedModel straight = new Trainer().train(Task.DIGITS, DATA, TINY)) {
			assertThat(resumed.network().params()).isEqualTo(straight.network().params());
			assertThat(OneDnn.layersOnOneDnn(resumed.network())).isEqualTo(6);
			assertThat(resumed.network().getUpdater().getStateViewArray())
				.isEqualTo(straight.network().getUpdater().getStateViewArray());
			assertThat(resumed.history()).hasSize(2);
			assertThat(resumed.history().get(1).loss()).isEqualTo(straight.history().get(1).loss());
			assertThat(resumed.evaluation()).usingRecursiveComparison().isEqualTo(straight.evaluation());
		}
	}

	@Test
	void aDataParallelRunRepeatsAndResumesWithTheSameResult() {
		TrainingParameters parameters = TINY.withBatchSize(64).withTrainLimit(200);
		System.setProperty(Trainer.REPLICAS_PROPERTY, "1");
		TrainedModel single = new Trainer().train(Task.DIGITS, DATA, parameters);
		System.setProperty(Trainer.REPLICAS_PROPERTY, "2");
		try {
			CheckpointStore store = CheckpointStore.inMemory();
			assertThatThrownBy(
					() -> new Trainer(stopAfterFirstEpoch(), store, "dp", 1).train(Task.DIGITS, DATA, parameters))
				.isInstanceOf(TrainingCancelledException.class);
			try (single;
					TrainedModel resumed = new Trainer(TrainingListener.NONE, store, "dp", 1).train(Task.DIGITS, DATA,
							parameters);
					TrainedModel first = new Trainer().train(Task.DIGITS, DATA, parameters);
					TrainedModel second = new Trainer().train(Task.DIGITS, DATA, parameters)) {
				assertThat(second.network().params()).isEqualTo(first.network().params());
				assertThat(resumed.network().params()).isEqualTo(first.network().params());
				assertThat(resumed.evaluation()).usingRecursiveComparison().isEqualTo(first.evaluation());
				// the parts' own batch statistics: not the single-batch run's weights
				assertThat(first.network().params().sub(single.network().params()).amaxNumber().doubleValue())
					.isGreaterThan(1e-3);
				assertThat(first.network().getIterationCount()).isEqualTo(single.network().getIterationCount());
			}
		}
		finally {
			System.clearProperty(Trainer.REPLICAS_PROPERTY);
		}
	}

	@Test
	void trainsOnTheWholeBatchByDefaultAndOnOneReplicaPerNativeThreadWithThirtyTwoRowsEachOnAuto() {
		assertThat(Trainer.replicas(null, 128, 2)).isEqualTo(1);
		assertThat(Trainer.replicas("auto", 128, 2)).isEqualTo(2);
		assertThat(Trainer.replicas("auto", 64, 2)).isEqualTo(2);
		assertThat(Trainer.replicas(" auto ", 50, 2)).isEqualTo(1);
		assertThat(Trainer.replicas("auto", 128, 1)).isEqualTo(1);
		assertThat(Trainer.replicas("auto", 128, 8)).isEqualTo(4);
		assertThat(Trainer.replicas("3", 64, 2)).isEqualTo(3);
		assertThat(Trainer.replicas(" 1 ", 128, 2)).isEqualTo(1);
		for (String wrong : new String[] { "0", "65", "two", "" }) {
			assertThatThrownBy(() -> Trainer.replicas(wrong, 128, 2)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(
						"deepdock.training.replicas must be 'auto' or a number between 1 and 64, was '" + wrong + "'");
		}
	}

	@Test
	void refusesACheckpointMadeWithOtherParameters() {
		CheckpointStore store = CheckpointStore.inMemory();
		TrainingParameters one = TINY.withEpochs(1);
		new Trainer(TrainingListener.NONE, store, "job-2", 10).train(Task.DIGITS, DATA, one).close();

		assertThatThrownBy(
				() -> new Trainer(TrainingListener.NONE, store, "job-2", 10).train(Task.DIGITS, DATA, one.withSeed(7)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("checkpoint 'job-2' was made with other parameters");
	}

	@Test
	void reportsProgressAfterEveryEpochAndEveryNBatches() {
		AtomicInteger batchReports = new AtomicInteger();
		AtomicInteger epochReports = new AtomicInteger();
		TrainingListener listener = new TrainingListener() {
			@Override
			public void onEpoch(EpochProgress progress) {
				epochReports.incrementAndGet();
				assertThat(progress.metric()).isEqualTo("accuracy");
				assertThat(progress.loss()).isPositive();
				assertThat(progress.trainScore()).isBetween(0.0, 1.0);
				assertThat(progress.examplesPerSecond()).isPositive();
			}

			@Override
			public void onBatches(BatchProgress progress) {
				batchReports.incrementAndGet();
				assertThat(progress.batches()).isEqualTo(3);
			}
		};

		new Trainer(listener, CheckpointStore.NONE, "x", 1).train(Task.DIGITS, DATA, TINY).close();

		assertThat(epochReports).hasValue(2);
		assertThat(batchReports).hasValue(6);
	}

	@Test
	void stopsEarlyAndKeepsTheBestValidationEpoch() {
		// a learning rate this high diverges after the first epochs: validation stops
		// improving
		TrainingParameters parameters = TrainingParameters.defaults(Task.DIGITS)
			.withArchitecture("small")
			.withEpochs(30)
			.withBatchSize(30)
			.withEarlyStopping(2, 0.2)
			.withTrainLimit(200);

		try (TrainedModel model = new Trainer().train(Task.DIGITS, DATA, parameters)) {
			assertThat(model.stoppedEarly()).isTrue();
			assertThat(model.epochsRun()).isLessThan(30).isEqualTo(model.bestEpoch() + 2);
			double best = model.history().get(model.bestEpoch() - 1).validationScore();
			assertThat(model.history()).allSatisfy(p -> assertThat(p.validationScore()).isLessThanOrEqualTo(best));
		}
	}

	@Test
	void withoutEarlyStoppingKeepsTheLastEpochNotTheFirstWithTheBestValidationScore() throws Exception {
		TrainingParameters parameters = TrainingParameters.defaults(Task.DIGITS)
			.withArchitecture("small")
			.withEpochs(8)
			.withBatchSize(30)
			.withLearningRate(0.05)
			.withEarlyStopping(0, 0.2)
			.withTrainLimit(200);
		CheckpointStore store = CheckpointStore.inMemory();

		try (TrainedModel model = new Trainer(TrainingListener.NONE, store, "last", Integer.MAX_VALUE)
			.train(Task.DIGITS, DATA, parameters)) {
			double last = model.history().get(7).validationScore();
			// the case this is about: an earlier epoch scored at least as well on
			// validation, so the best validation epoch is not the last
			assertThat(model.history().subList(0, 7))
				.anySatisfy(p -> assertThat(p.validationScore()).isGreaterThanOrEqualTo(last));
			assertThat(model.bestEpoch()).isEqualTo(8);
			// the weights are the ones the last epoch's checkpoint holds
			Trainer.Checkpoint checkpoint = Trainer.Checkpoint.read(store.load("last").orElseThrow());
			assertThat(model.network().params()).isEqualTo(checkpoint.network().params());
			assertThat(checkpoint.best()).isNull();
		}
	}

	@Test
	void trainsOnSmoothedTargetsWhenLabelSmoothingIsAsked() {
		try (TrainedModel plain = new Trainer().train(Task.DIGITS, DATA, TINY.withLabelSmoothing(0));
				TrainedModel smoothed = new Trainer().train(Task.DIGITS, DATA, TINY.withLabelSmoothing(0.2))) {
			assertThat(smoothed.network().params()).isNotEqualTo(plain.network().params());
			// cross-entropy against targets of 0.82 and 0.02 cannot reach the plain
			// loss's
			// values
			assertThat(smoothed.history().get(1).loss()).isGreaterThan(plain.history().get(1).loss());
		}
	}

	@Test
	void learnsASimpleImageTask() {
		try (TrainedModel model = new Trainer().train(Task.DIGITS, DATA,
				TrainingParameters.defaults(Task.DIGITS).withArchitecture("small").withEpochs(5).withBatchSize(20))) {
			assertThat(model.evaluation().score()).isGreaterThan(0.9);
			assertThat(model.evaluation().classification().confusion()).hasDimensions(10, 10);
		}
	}

	@Test
	void clothesTrainedWithMirrorsAreScoredAsTheyAreServedWithTheirMirrors() throws Exception {
		TrainingParameters clothes = TrainingParameters.defaults(Task.FASHION)
			.withEpochs(2)
			.withBatchSize(50)
			.withTrainLimit(150);
		try (TrainedModel model = new Trainer().train(Task.FASHION, DATA, clothes)) {
			assertThat(model.mirrorAveraged()).isTrue();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String sha = ModelArtifacts.write(model, null, null, out);
			try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(out.toByteArray()), sha,
					Task.FASHION); Predictor predictor = new Predictor(loaded)) {
				assertThat(loaded.metadata().averagesMirror()).isTrue();
				int[][] confusion = new int[10][10];
				for (int i = 0; i < TEST.count(); i++) {
					float[] pixels = new float[784];
					for (int p = 0; p < 784; p++) {
						pixels[p] = TEST.pixels()[i * 784 + p] & 0xff;
					}
					String label = predictor.predict(predictor.features(pixels)).label();
					confusion[TEST.label(i)][Task.FASHION.labels().indexOf(label)]++;
				}

				assertThat(model.evaluation().classification().confusion()).isEqualTo(confusion);
				assertThat(loaded.evaluate(DATA).classification().confusion()).isEqualTo(confusion);
				Batcher test = new Batcher(new ImageExamples(TEST, null), new ImagePreProcessingScaler(0, 1));
				int[] all = IntStream.range(0, TEST.count()).toArray();
				float[] alone = Trainer.predict(model.network(), test, all, null);
				float[] averaged = Trainer.predict(model.network(), test, all, Task.FASHION);
				assertThat(averaged).as("scored with the mirrors, not from the images alone").isNotEqualTo(alone);
			}
		}
	}

	@Test
	void anEpochsScoresReadTheImagesAloneWhileTheTestScoreAveragesTheirMirrors() throws Exception {
		// no validation split and fewer than TRAIN_SAMPLE images: the training score
		// reads every training image
		TrainingParameters clothes = TrainingParameters.defaults(Task.FASHION)
			.withEpochs(1)
			.withBatchSize(50)
			.withEarlyStopping(0, 0);
		try (TrainedModel model = new Trainer().train(Task.FASHION, DATA, clothes)) {
			Batcher train = new Batcher(new ImageExamples(TRAIN, null), new ImagePreProcessingScaler(0, 1));
			int[] all = IntStream.range(0, TRAIN.count()).toArray();
			double alone = accuracy(Trainer.predict(model.network(), train, all, null), TRAIN);
			double averaged = accuracy(Trainer.predict(model.network(), train, all, Task.FASHION), TRAIN);
			assertThat(averaged).as("the mirrors change the score here").isNotEqualTo(alone);
			assertThat(model.history().get(0).trainScore()).isEqualTo(alone);
			assertThat(model.mirrorAveraged()).isTrue();
		}
	}

	private static double accuracy(float[] probabilities, ImageSet images) {
		int right = 0;
		for (int i = 0; i < images.count(); i++) {
			int best = 0;
			for (int c = 1; c < 10; c++) {
				if (probabilities[i * 10 + c] > probabilities[i * 10 + best]) {
					best = c;
				}
			}
			right += best == images.label(i) ? 1 : 0;
		}
		return (double) right / images.count();
	}

	@Test
	void onlyImagesTrainedWithMirrorsAreAveragedWithTheirMirrors() {
		assertThat(Trainer.averagesMirror(Task.FASHION, TrainingParameters.defaults(Task.FASHION))).isTrue();
		assertThat(
				Trainer.averagesMirror(Task.FASHION, TrainingParameters.defaults(Task.FASHION).withAugmentation(false)))
			.isFalse();
		assertThat(Trainer.averagesMirror(Task.DIGITS, TrainingParameters.defaults(Task.DIGITS))).isFalse();
		assertThat(Trainer.averagesMirror(Task.TOXICITY, TrainingParameters.defaults(Task.TOXICITY))).isFalse();
		try (TrainedModel digits = new Trainer().train(Task.DIGITS, DATA, TINY)) {
			assertThat(digits.mirrorAveraged()).isFalse();
		}
	}

	@Test
	void scoresMoreImagesThanOneEvaluationBatchWithTheirMirrorsAsOneBatchWould() {
		try (TrainedModel model = new Trainer().train(Task.FASHION, DATA,
				TrainingParameters.defaults(Task.FASHION).withArchitecture("small").withEpochs(1))) {
			int n = TRAIN.count();
			float[] pixels = new float[n * 784];
			for (int i = 0; i < pixels.length; i++) {
				pixels[i] = (TRAIN.pixels()[i] & 0xff) / 255f;
			}
			float[] rows = MirrorAveraging.withMirrors(pixels, n, 28, 28);
			float[] expected = MirrorAveraging.average(model.network()
				.output(Nd4j.create(rows, new long[] { 2L * n, 784 }, 'c'), false)
				.dup('c')
				.data()
				.asFloat(), n, 10);

			float[] scored = Trainer.predict(model.network(),
					new Batcher(new ImageExamples(TRAIN, null), new ImagePreProcessingScaler(0, 1)),
					IntStream.range(0, n).toArray(), Task.FASHION);

			assertThat(n).as("several evaluation batches, the last one partial").isGreaterThan(256).isNotEqualTo(384);
			assertThat(scored).containsExactly(expected, within(1e-5f));
		}
	}

	/**
	 * Asks to stop as soon as one epoch is done (the trainer then stops at the next
	 * batch).
	 */
	private static TrainingListener stopAfterFirstEpoch() {
		AtomicInteger epochsSeen = new AtomicInteger();
		return new TrainingListener() {
			@Override
			public void onEpoch(EpochProgress progress) {
				epochsSeen.incrementAndGet();
			}

			@Override
			public boolean cancelRequested() {
				return epochsSeen.get() >= 1;
			}
		};
	}

}
