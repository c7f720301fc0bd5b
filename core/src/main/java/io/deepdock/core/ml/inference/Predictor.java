package io.deepdock.core.ml.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.MirrorAveraging;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.evaluation.Metrics;
import io.deepdock.core.ml.text.ToxicityCsv;

/**
 * Predictions from a loaded artifact, single or batched. Inputs become feature rows first
 * ({@link #features}), which is where bad inputs are refused; {@link #predictRows} then
 * runs one forward pass for all rows. Safe for concurrent use (DL4J serialises forward
 * passes of one network). Owns the model: {@link #close()} frees it.
 */
public final class Predictor implements BatchPredictor {

	private final LoadedModel model;

	private final Task task;

	private final int featureSize;

	private final boolean mirror;

	public Predictor(LoadedModel model) {
		this.model = model;
		this.task = model.task();
		this.featureSize = model.vocabulary() != null ? model.vocabulary().size() : this.task.rows() * this.task.cols();
		this.mirror = model.metadata() != null && model.metadata().averagesMirror();
	}

	public Task task() {
		return this.task;
	}

	public ArtifactMetadata metadata() {
		return this.model.metadata();
	}

	/**
	 * The checksum the artifact was verified against: identifies the model version that
	 * answered.
	 */
	@Override
	public String sha256() {
		return this.model.sha256();
	}

	@Override
	public int featureSize() {
		return this.featureSize;
	}

	/**
	 * Features of an uploaded image (PNG or JPEG, any size): decoded within the pixel
	 * limit and brought to the task's 28x28 form.
	 * @throws InvalidInputException for non-images, truncated files, oversized or blank
	 * images
	 */
	public float[] features(byte[] image) {
		requireKind(Task.Kind.IMAGE);
		return ImagePreprocessor.preprocess(image, this.task, ImagePreprocessor.DEFAULT_MAX_PIXELS);
	}

	/**
	 * Features of a ready 28x28 image (a canvas), row-major, 0 = background, 255 = ink.
	 * @throws InvalidInputException when the size is wrong
	 */
	public float[] features(float[] pixels) {
		requireKind(Task.Kind.IMAGE);
		checkCanvas(this.task, pixels);
		return pixels.clone();
	}

	/** The lightest pixel of a canvas: background. */
	public static final float MIN_PIXEL = 0;

	/** The darkest pixel of a canvas: ink. */
	public static final float MAX_PIXEL = 255;

	/**
	 * Checks a canvas without a model, so that a bad one is refused before anything else:
	 * exactly rows x cols pixels, each a finite number from {@link #MIN_PIXEL} to
	 * {@link #MAX_PIXEL}. A NaN or an infinity (JSON {@code "NaN"}, {@code 1e39} as a
	 * float) would otherwise flow into the network and come out as a prediction of NaNs.
	 * @throws InvalidInputException naming the first bad pixel by its index
	 */
	public static void checkCanvas(Task task, float[] pixels) {
		int expected = task.rows() * task.cols();
		if (pixels.length != expected) {
			throw new InvalidInputException(
					"expected %d pixels (%dx%d), got %d".formatted(expected, task.rows(), task.cols(), pixels.length));
		}
		for (int i = 0; i < pixels.length; i++) {
			float value = pixels[i];
			// written so that NaN fails too
			if (!(value >= MIN_PIXEL && value <= MAX_PIXEL)) {
				throw new InvalidInputException(
						"pixels[%d] is %s; each pixel is a number from %d (background) to %d (ink)".formatted(i, value,
								(int) MIN_PIXEL, (int) MAX_PIXEL));
			}
		}
	}

	/**
	 * Features of a text.
	 * @throws InvalidInputException when it is blank or longer than
	 * {@link ToxicityCsv#MAX_TEXT_LENGTH}
	 */
	public float[] features(String text) {
		requireKind(Task.Kind.TEXT);
		if (text == null || text.isBlank()) {
			throw new InvalidInputException("text is empty");
		}
		if (text.length() > ToxicityCsv.MAX_TEXT_LENGTH) {
			throw new InvalidInputException(
					"text has %d characters; the limit is %d".formatted(text.length(), ToxicityCsv.MAX_TEXT_LENGTH),
					true, null);
		}
		return this.model.vocabulary().vectorize(text);
	}

	public Classification predict(float[] features) {
		return predictRows(List.of(features)).get(0);
	}

	/**
	 * One forward pass for all rows (each from {@link #features}); for a model that
	 * averages mirrors, of the rows and their mirrors together ({@link MirrorAveraging}).
	 */
	@Override
	public List<Classification> predictRows(List<float[]> rows) {
		int n = rows.size();
		float[] flat = new float[n * this.featureSize];
		for (int i = 0; i < n; i++) {
			float[] row = rows.get(i);
			if (row.length != this.featureSize) {
				throw new InvalidInputException(
						"row %d has %d features, expected %d".formatted(i, row.length, this.featureSize));
			}
			System.arraycopy(row, 0, flat, i * this.featureSize, this.featureSize);
		}
		if (this.mirror) {
			flat = MirrorAveraging.withMirrors(flat, n, this.task.rows(), this.task.cols());
		}
		float[] probabilities;
		try (INDArray input = Nd4j.create(flat, new long[] { flat.length / this.featureSize, this.featureSize },
				DataType.FLOAT)) {
			if (this.model.normalizer() != null) {
				this.model.normalizer().transform(input);
			}
			// in a workspace of the thread's: nothing of the forward pass is left for the
			// garbage collector to free, neither under a native call nor later (a serving
			// replica's memory would otherwise grow with its traffic)
			probabilities = Networks.output(this.model.network(), input);
		}
		if (this.mirror) {
			probabilities = MirrorAveraging.average(probabilities, n, this.task.labelCount());
		}
		List<String> labels = this.task.labels();
		int k = labels.size();
		List<Classification> predictions = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Map<String, Double> byLabel = new LinkedHashMap<>();
			List<String> predicted = new ArrayList<>();
			for (int j = 0; j < k; j++) {
				double p = probabilities[i * k + j];
				byLabel.put(labels.get(j), p);
				if (this.task.multiLabel() && p >= 0.5) {
					predicted.add(labels.get(j));
				}
			}
			String top = labels.get(Metrics.argMax(probabilities, i * k, k));
			predictions.add(new Classification(top, this.task.multiLabel() ? predicted : List.of(top), byLabel));
		}
		return predictions;
	}

	private void requireKind(Task.Kind kind) {
		if (this.task.kind() != kind) {
			throw new InvalidInputException("task %s takes %s input, not %s".formatted(this.task.id(),
					this.task.kind().name().toLowerCase(java.util.Locale.ROOT),
					kind.name().toLowerCase(java.util.Locale.ROOT)));
		}
	}

	@Override
	public void close() {
		this.model.close();
	}

}
