package io.deepdock.core.ml.training;

import java.util.SplittableRandom;

import io.deepdock.core.ml.Task;

/**
 * Random affine distortion of one grey image: rotation, scale, shift and optionally a
 * horizontal mirror, sampled bilinearly (inverse mapping, outside = background 0).
 * Distortions an upload really shows: digits are written slanted, off-centre and in
 * different sizes; clothes are photographed either way round but never upside down.
 *
 * @param maxDegrees rotation drawn uniformly in +-maxDegrees
 * @param maxShift shift in pixels drawn uniformly in +-maxShift, per axis
 * @param maxScale scale drawn uniformly in 1 +- maxScale
 * @param mirror mirror left-right with probability one half
 * @param wholePixels shifts of whole pixels only (-maxShift..maxShift): with no rotation
 * and no scale every output pixel is then a source pixel, where a fraction of a pixel
 * would blur the image by the bilinear sampling
 */
record Augmentation(double maxDegrees, double maxShift, double maxScale, boolean mirror, boolean wholePixels) {

	/** Digits: a mirrored 2 is not a 2, so no mirror. */
	static final Augmentation DIGITS = new Augmentation(10, 2, 0.1, false, false);

	/**
	 * Clothes: mirrored, shifted by at most a pixel; rotation hurts (the set is
	 * photographed upright), and a 2-pixel shift with 5 % scale jitter left the standard
	 * network underfitting (test accuracy above training accuracy, 91.6 % after 15
	 * epochs). Whole pixels: the test images are sharp, and a shift by a fraction of a
	 * pixel blurred the training images (92.98 % against 92.38-92.70 %, docs/models.md).
	 */
	static final Augmentation FASHION = new Augmentation(0, 1, 0, true, true);

	Augmentation {
		if (wholePixels && (maxDegrees != 0 || maxScale != 0 || maxShift != Math.rint(maxShift))) {
			throw new IllegalArgumentException("whole-pixel shifts need no rotation, no scale and a whole maxShift");
		}
	}

	/** The augmentation of an image task's training. */
	static Augmentation of(Task task) {
		return task == Task.FASHION ? FASHION : DIGITS;
	}

	void apply(byte[] source, int start, int rows, int cols, float[] out, int offset, SplittableRandom random) {
		double angle = Math.toRadians((random.nextDouble() * 2 - 1) * this.maxDegrees);
		double scale = 1 + (random.nextDouble() * 2 - 1) * this.maxScale;
		double dx = shift(random);
		double dy = shift(random);
		boolean flip = this.mirror && random.nextBoolean();
		if (this.wholePixels) {
			// every output pixel is one source pixel: copy it, as the sampling below
			// would give it (its weights are then 1 and 0), without the arithmetic
			shiftWholePixels(source, start, rows, cols, out, offset, (int) dx, (int) dy, flip);
			return;
		}
		distort(source, start, rows, cols, out, offset, angle, scale, dx, dy, flip);
	}

	/** Bilinear sampling of the distortion these draws describe (inverse mapping). */
	static void distort(byte[] source, int start, int rows, int cols, float[] out, int offset, double angle,
			double scale, double dx, double dy, boolean flip) {
		double cos = Math.cos(angle) / scale;
		double sin = Math.sin(angle) / scale;
		double cx = (cols - 1) / 2.0;
		double cy = (rows - 1) / 2.0;
		for (int y = 0; y < rows; y++) {
			for (int x = 0; x < cols; x++) {
				// inverse mapping: where in the source does output pixel (x, y) come
				// from?
				double u = x - cx - dx;
				double v = y - cy - dy;
				double sx = cos * u + sin * v + cx;
				double sy = -sin * u + cos * v + cy;
				if (flip) {
					sx = cols - 1 - sx;
				}
				out[offset + y * cols + x] = sample(source, start, rows, cols, sx, sy);
			}
		}
	}

	/**
	 * Output pixel (x, y) is source pixel (x - dx, y - dy), mirrored left-right with
	 * {@code flip}; outside the source, background 0.
	 */
	static void shiftWholePixels(byte[] source, int start, int rows, int cols, float[] out, int offset, int dx, int dy,
			boolean flip) {
		for (int y = 0; y < rows; y++) {
			int sy = y - dy;
			int row = offset + y * cols;
			if (sy < 0 || sy >= rows) {
				java.util.Arrays.fill(out, row, row + cols, 0f);
				continue;
			}
			int from = start + sy * cols;
			for (int x = 0; x < cols; x++) {
				int sx = flip ? cols - 1 - x + dx : x - dx;
				out[row + x] = (sx < 0 || sx >= cols) ? 0f : source[from + sx] & 0xff;
			}
		}
	}

	private double shift(SplittableRandom random) {
		if (this.wholePixels) {
			int max = (int) this.maxShift;
			return random.nextInt(2 * max + 1) - max;
		}
		return (random.nextDouble() * 2 - 1) * this.maxShift;
	}

	private static float sample(byte[] source, int start, int rows, int cols, double x, double y) {
		int x0 = (int) Math.floor(x);
		int y0 = (int) Math.floor(y);
		double fx = x - x0;
		double fy = y - y0;
		double top = (1 - fx) * pixel(source, start, rows, cols, x0, y0)
				+ fx * pixel(source, start, rows, cols, x0 + 1, y0);
		double bottom = (1 - fx) * pixel(source, start, rows, cols, x0, y0 + 1)
				+ fx * pixel(source, start, rows, cols, x0 + 1, y0 + 1);
		return (float) ((1 - fy) * top + fy * bottom);
	}

	private static int pixel(byte[] source, int start, int rows, int cols, int x, int y) {
		if (x < 0 || y < 0 || x >= cols || y >= rows) {
			return 0;
		}
		return source[start + y * cols + x] & 0xff;
	}

}
