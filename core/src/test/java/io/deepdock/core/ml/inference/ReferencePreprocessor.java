package io.deepdock.core.ml.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import io.deepdock.core.ml.Task;

/**
 * The preprocessing as it was before the flat-array decoder (2026-12-03), kept unchanged
 * as the reference that {@link ImagePreprocessor} must agree with, pixel for pixel.
 */
final class ReferencePreprocessor {

	/** 40 megapixels: any phone photo, nothing a bomb would need. */
	static final long DEFAULT_MAX_PIXELS = 40_000_000L;

	/**
	 * The most pixels an image is decoded at: about 1024x1024. The result is 28x28 (the
	 * content in 20x20), so a larger working size adds nothing but memory.
	 */
	static final long WORKING_PIXELS = 1L << 20;

	/** Images decoded at once in this JVM; further callers wait their turn. */
	static final int CONCURRENT_DECODES = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

	private static final Semaphore DECODING = new Semaphore(CONCURRENT_DECODES, true);

	private static final Set<String> FORMATS = Set.of("png", "jpeg");

	/**
	 * A pixel counts as content (for cropping) above this share of the stretched range.
	 */
	private static final double CONTENT_THRESHOLD = 0.2;

	private ReferencePreprocessor() {
	}

	/**
	 * @return 28x28 row-major features, 0 = background, 255 = ink
	 * @throws InvalidInputException when the bytes are not a PNG/JPEG, are truncated or
	 * corrupt, declare more than {@code maxPixels} pixels, or show nothing
	 */
	static float[] preprocess(byte[] bytes, Task task, long maxPixels) {
		try {
			DECODING.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting to decode an image", ex);
		}
		try {
			return toTask(decodeGrey(bytes, maxPixels), task);
		}
		finally {
			DECODING.release();
		}
	}

	/**
	 * The subsampling step that brings {@code width x height} within
	 * {@link #WORKING_PIXELS}: 1 for an image already within it.
	 */
	static int subsampling(long width, long height) {
		int step = 1;
		while ((ceilDiv(width, step) * ceilDiv(height, step)) > WORKING_PIXELS) {
			step++;
		}
		return step;
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

	/**
	 * Decodes to grey levels 0..1 (0 = black), refusing what is not a complete PNG/JPEG
	 * within the pixel limit. Transparent pixels become the background: white under dark
	 * strokes, black under light ones.
	 */
	static double[][] decodeGrey(byte[] bytes, long maxPixels) {
		if (bytes == null || bytes.length == 0) {
			throw new InvalidInputException("the upload is empty");
		}
		BufferedImage image;
		// in memory: ImageIO.createImageInputStream would spool every upload to a
		// temporary file
		try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				throw new InvalidInputException("not an image: expected a PNG or JPEG file");
			}
			ImageReader reader = readers.next();
			try {
				String format = reader.getFormatName().toLowerCase(Locale.ROOT);
				if (!FORMATS.contains(format)) {
					throw new InvalidInputException("unsupported image format " + format + ": expected PNG or JPEG");
				}
				reader.setInput(input, true, true);
				long width = reader.getWidth(0);
				long height = reader.getHeight(0);
				if (width <= 0 || height <= 0) {
					throw new InvalidInputException("image declares no pixels (%dx%d)".formatted(width, height));
				}
				if (width * height > maxPixels) {
					throw new InvalidInputException("image is %dx%d = %d pixels; the limit is %d".formatted(width,
							height, width * height, maxPixels), true, null);
				}
				List<String> warnings = new ArrayList<>();
				reader.addIIOReadWarningListener(new IIOReadWarningListener() {
					@Override
					public void warningOccurred(ImageReader source, String warning) {
						warnings.add(warning);
					}
				});
				ImageReadParam param = reader.getDefaultReadParam();
				int step = subsampling(width, height);
				if (step > 1) {
					param.setSourceSubsampling(step, step, 0, 0);
				}
				image = reader.read(0, param);
				if (!warnings.isEmpty()) {
					// the JPEG reader fills a truncated file with grey and only warns:
					// refuse it like the PNG one
					throw new InvalidInputException("image is truncated or corrupt: " + warnings.get(0));
				}
			}
			finally {
				reader.dispose();
			}
		}
		catch (InvalidInputException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException | OutOfMemoryError ex) {
			throw new InvalidInputException("image cannot be decoded (truncated or corrupt): " + ex.getMessage(), false,
					ex);
		}
		if (image == null) {
			throw new InvalidInputException("image cannot be decoded");
		}
		return grey(image);
	}

	private static double[][] grey(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		double[][] luminance = new double[h][w];
		double[][] alpha = new double[h][w];
		boolean hasAlpha = image.getColorModel().hasAlpha();
		double opaqueSum = 0;
		int opaque = 0;
		int[] row = new int[w];
		for (int y = 0; y < h; y++) {
			image.getRGB(0, y, w, 1, row, 0, w);
			for (int x = 0; x < w; x++) {
				int argb = row[x];
				double r = ((argb >> 16) & 0xff) / 255.0;
				double g = ((argb >> 8) & 0xff) / 255.0;
				double b = (argb & 0xff) / 255.0;
				luminance[y][x] = 0.299 * r + 0.587 * g + 0.114 * b;
				alpha[y][x] = hasAlpha ? ((argb >>> 24) & 0xff) / 255.0 : 1.0;
				if (alpha[y][x] > 0.5) {
					opaqueSum += luminance[y][x];
					opaque++;
				}
			}
		}
		if (hasAlpha) {
			// strokes on a transparent canvas: put them on the background that contrasts
			// with them
			double background = opaque > 0 && opaqueSum / opaque > 0.5 ? 0.0 : 1.0;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					luminance[y][x] = alpha[y][x] * luminance[y][x] + (1 - alpha[y][x]) * background;
				}
			}
		}
		return luminance;
	}

	/** Grey 0..1 (any size) to the task's 28x28 features, 0..255 with ink high. */
	static float[] toTask(double[][] grey, Task task) {
		int h = grey.length;
		int w = grey[0].length;
		// the border tells the background: light border = dark ink on paper, so invert
		double border = borderMean(grey);
		double[][] ink = new double[h][w];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				ink[y][x] = border > 0.5 ? 1 - grey[y][x] : grey[y][x];
			}
		}
		// stretch: background level (median of the border) to 0, the strongest ink to 1
		double background = borderMedian(ink);
		double max = 0;
		for (double[] r : ink) {
			for (double v : r) {
				max = Math.max(max, v);
			}
		}
		if (max - background < 0.1) {
			throw new InvalidInputException("image is blank: no contrast between content and background");
		}
		for (double[] r : ink) {
			for (int x = 0; x < w; x++) {
				r[x] = Math.max(0, (r[x] - background) / (max - background));
			}
		}
		// crop to the content
		int top = h;
		int bottom = -1;
		int left = w;
		int right = -1;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (ink[y][x] > CONTENT_THRESHOLD) {
					top = Math.min(top, y);
					bottom = Math.max(bottom, y);
					left = Math.min(left, x);
					right = Math.max(right, x);
				}
			}
		}
		if (bottom < 0) {
			throw new InvalidInputException("image is blank");
		}
		int cropW = right - left + 1;
		int cropH = bottom - top + 1;
		double[][] crop = new double[cropH][cropW];
		for (int y = 0; y < cropH; y++) {
			System.arraycopy(ink[top + y], left, crop[y], 0, cropW);
		}
		int rows = task.rows();
		int cols = task.cols();
		int box = task == Task.DIGITS ? 20 : Math.min(rows, cols);
		double scale = (double) box / Math.max(cropW, cropH);
		int targetW = Math.max(1, (int) Math.round(cropW * scale));
		int targetH = Math.max(1, (int) Math.round(cropH * scale));
		double[][] scaled = resize(crop, targetW, targetH);
		// place: digits by centre of mass (as MNIST), clothes by their box (as
		// Fashion-MNIST)
		double offsetX = (cols - targetW) / 2.0;
		double offsetY = (rows - targetH) / 2.0;
		if (task == Task.DIGITS) {
			double mass = 0;
			double mx = 0;
			double my = 0;
			for (int y = 0; y < targetH; y++) {
				for (int x = 0; x < targetW; x++) {
					mass += scaled[y][x];
					mx += scaled[y][x] * x;
					my += scaled[y][x] * y;
				}
			}
			if (mass > 0) {
				offsetX = (cols - 1) / 2.0 - mx / mass;
				offsetY = (rows - 1) / 2.0 - my / mass;
			}
		}
		int dx = (int) Math.round(offsetX);
		int dy = (int) Math.round(offsetY);
		float[] out = new float[rows * cols];
		for (int y = 0; y < targetH; y++) {
			for (int x = 0; x < targetW; x++) {
				int tx = x + dx;
				int ty = y + dy;
				if (tx >= 0 && ty >= 0 && tx < cols && ty < rows) {
					out[ty * cols + tx] = (float) Math.min(255, Math.max(0, scaled[y][x] * 255));
				}
			}
		}
		return out;
	}

	/**
	 * Area-averaging downscale (integer box filter first), then bilinear to the exact
	 * size.
	 */
	static double[][] resize(double[][] source, int targetW, int targetH) {
		double[][] current = source;
		int factor = (int) Math
			.floor(Math.min((double) current[0].length / targetW, (double) current.length / targetH));
		if (factor >= 2) {
			int h = current.length / factor;
			int w = current[0].length / factor;
			double[][] boxed = new double[h][w];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double sum = 0;
					for (int yy = 0; yy < factor; yy++) {
						for (int xx = 0; xx < factor; xx++) {
							sum += current[y * factor + yy][x * factor + xx];
						}
					}
					boxed[y][x] = sum / (factor * factor);
				}
			}
			current = boxed;
		}
		int h = current.length;
		int w = current[0].length;
		double[][] out = new double[targetH][targetW];
		for (int y = 0; y < targetH; y++) {
			double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / targetH - 0.5));
			int y0 = (int) sy;
			int y1 = Math.min(h - 1, y0 + 1);
			double fy = sy - y0;
			for (int x = 0; x < targetW; x++) {
				double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / targetW - 0.5));
				int x0 = (int) sx;
				int x1 = Math.min(w - 1, x0 + 1);
				double fx = sx - x0;
				out[y][x] = (1 - fy) * ((1 - fx) * current[y0][x0] + fx * current[y0][x1])
						+ fy * ((1 - fx) * current[y1][x0] + fx * current[y1][x1]);
			}
		}
		return out;
	}

	private static double borderMean(double[][] grey) {
		double sum = 0;
		int n = 0;
		for (double v : border(grey)) {
			sum += v;
			n++;
		}
		return sum / n;
	}

	private static double borderMedian(double[][] grey) {
		double[] values = border(grey);
		java.util.Arrays.sort(values);
		return values[values.length / 2];
	}

	/** The pixels of the outer frame (about 4 % of each side, at least one pixel). */
	private static double[] border(double[][] grey) {
		int h = grey.length;
		int w = grey[0].length;
		int t = Math.max(1, Math.min(h, w) / 25);
		List<Double> values = new ArrayList<>();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (y < t || y >= h - t || x < t || x >= w - t) {
					values.add(grey[y][x]);
				}
			}
		}
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
