package io.deepdock.core.ml.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.MirrorAveraging;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MirrorAveragingTest {

	@Test
	void followsTheImagesWithTheirLeftRightMirrorsInTheSameOrder() {
		// two 2x3 images
		float[] rows = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

		float[] out = MirrorAveraging.withMirrors(rows, 2, 2, 3);

		assertThat(out).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);
	}

	@Test
	void averagesEachRowsOutputsWithItsMirrorsOutputs() {
		// outputs of 2 rows and their 2 mirrors, 3 values each
		float[] outputs = { 0.2f, 0.3f, 0.5f, 1, 0, 0, 0.4f, 0.5f, 0.1f, 0, 0, 1 };

		float[] mean = MirrorAveraging.average(outputs, 2, 3);

		assertThat(mean).containsExactly(new float[] { 0.3f, 0.4f, 0.3f, 0.5f, 0, 0.5f }, within(1e-6f));
	}

	@Test
	void refusesFewerValuesThanTheRowsNamed() {
		assertThatThrownBy(() -> MirrorAveraging.withMirrors(new float[5], 1, 2, 3))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("fewer than 1 images of 2x3");
		assertThatThrownBy(() -> MirrorAveraging.average(new float[5], 1, 3))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("fewer than 2 rows of 3 outputs");
	}

	@Test
	void aModelThatAveragesMirrorsAnswersTheMeanOfItsOutputsForTheImageAndItsMirror() {
		float[] image = asymmetricImage();
		MultiLayerNetwork network = network();
		try (Predictor predictor = predictor(network, Boolean.TRUE)) {
			float[] plain = output(network, image);
			float[] mirrored = output(network,
					Arrays.copyOfRange(MirrorAveraging.withMirrors(image, 1, 28, 28), 784, 2 * 784));
			assertThat(plain).as("the test needs an image whose mirror the network answers differently")
				.isNotEqualTo(mirrored);

			Classification answer = predictor.predict(predictor.features(image));

			List<String> labels = Task.FASHION.labels();
			for (int k = 0; k < labels.size(); k++) {
				assertThat(answer.probabilities().get(labels.get(k))).as(labels.get(k))
					.isCloseTo((plain[k] + mirrored[k]) / 2.0, within(1e-6));
			}
		}
	}

	@Test
	void aModelWrittenWithoutMirrorAveragingAnswersFromTheImageAlone() {
		float[] image = asymmetricImage();
		for (Boolean flag : new Boolean[] { null, Boolean.FALSE }) {
			MultiLayerNetwork network = network();
			try (Predictor predictor = predictor(network, flag)) {
				float[] plain = output(network, image);

				Classification answer = predictor.predict(predictor.features(image));

				List<String> labels = Task.FASHION.labels();
				for (int k = 0; k < labels.size(); k++) {
					assertThat(answer.probabilities().get(labels.get(k))).as("%s, flag %s", labels.get(k), flag)
						.isCloseTo(plain[k], within(1e-6));
				}
			}
		}
	}

	/** Ink on the left half only: its mirror is another image. */
	private static float[] asymmetricImage() {
		Random random = new Random(5);
		float[] image = new float[784];
		for (int y = 4; y < 24; y++) {
			for (int x = 3; x < 12; x++) {
				image[y * 28 + x] = 100 + random.nextInt(156);
			}
		}
		return image;
	}

	/** An untrained fashion network: random weights answer every image differently. */
	private static MultiLayerNetwork network() {
		return Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 11);
	}

	/** Serves {@code network} (and closes it when closed). */
	private static Predictor predictor(MultiLayerNetwork network, Boolean mirrorAveraged) {
		ArtifactMetadata metadata = new ArtifactMetadata(ModelArtifacts.FORMAT, Task.FASHION.id(),
				Task.FASHION.labels(), List.of(1, 28, 28), ModelArtifacts.IMAGE_PREPROCESSING, null, null, null, null,
				null, mirrorAveraged);
		return new Predictor(
				new LoadedModel(Task.FASHION, metadata, network, new ImagePreProcessingScaler(0, 1), null, "test"));
	}

	private static float[] output(MultiLayerNetwork network, float[] pixels) {
		float[] scaled = new float[pixels.length];
		for (int i = 0; i < pixels.length; i++) {
			scaled[i] = pixels[i] / 255f;
		}
		INDArray output = network.output(Nd4j.create(scaled, new long[] { 1, 784 }, 'c'), false);
		return output.dup('c').data().asFloat();
	}

}
