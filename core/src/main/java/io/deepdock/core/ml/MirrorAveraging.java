package io.deepdock.core.ml;

/**
 * Test-time mirror averaging: a prediction is the mean of the network's outputs for an
 * image and for its left-right mirror. For a task whose training mirrors its images
 * (clothes), both are images the network learnt from, and their mean errs less than
 * either (Fashion-MNIST: 93.50 % against 92.98 %, docs/models.md). Training, evaluation
 * and serving all predict through here, so a model is scored as it answers.
 */
public final class MirrorAveraging {

	private MirrorAveraging() {
	}

	/**
	 * The {@code n} image rows followed by their left-right mirrors, in the same order:
	 * row {@code n + i} is row {@code i} mirrored.
	 * @param rows {@code n} images of {@code height x width} pixels, row-major, one after
	 * another
	 */
	public static float[] withMirrors(float[] rows, int n, int height, int width) {
		int pixels = height * width;
		if (rows.length < n * pixels) {
			throw new IllegalArgumentException(
					"%d values hold fewer than %d images of %dx%d".formatted(rows.length, n, height, width));
		}
		float[] out = new float[2 * n * pixels];
		System.arraycopy(rows, 0, out, 0, n * pixels);
		for (int i = 0; i < n; i++) {
			int source = i * pixels;
			int target = (n + i) * pixels;
			for (int y = 0; y < height; y++) {
				int line = y * width;
				for (int x = 0; x < width; x++) {
					out[target + line + x] = rows[source + line + width - 1 - x];
				}
			}
		}
		return out;
	}

	/**
	 * The mean of each row's outputs and its mirror's, for outputs of the rows of
	 * {@link #withMirrors}.
	 * @param outputs {@code 2n} rows of {@code k} values
	 * @return {@code n} rows of {@code k} values
	 */
	public static float[] average(float[] outputs, int n, int k) {
		if (outputs.length < 2 * n * k) {
			throw new IllegalArgumentException(
					"%d values hold fewer than %d rows of %d outputs".formatted(outputs.length, 2 * n, k));
		}
		float[] out = new float[n * k];
		for (int i = 0; i < n * k; i++) {
			out[i] = (outputs[i] + outputs[n * k + i]) / 2;
		}
		return out;
	}

}
