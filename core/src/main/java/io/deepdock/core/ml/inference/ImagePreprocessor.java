package io.deepdock.core.ml.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import io.deepdock.core.ml.Task;

/**
 * Turns an uploaded photo or drawing (PNG or JPEG, any size, colour or grey) into the
 * 28x28 form the networks were trained on, the way MNIST was made: grey, ink bright on a
 * dark background (inverted when the background is light), cropped to the content, scaled
 * to fit a 20x20 box (digits; clothes fill 28x28 as in Fashion-MNIST), and placed in
 * 28x28 so that the centre of mass sits in the middle.
 *
 * <p>
 * The pixel count is checked from the header, before anything is decoded, so a small file
 * that declares a huge image (a decompression bomb) costs nothing. An image within the
 * limit but larger than {@link #WORKING_PIXELS} is subsampled while it is decoded, so
 * that no upload costs more than a few tens of MB of heap however many pixels it has (a
 * 59 KB PNG of 6,000x6,000 otherwise took 600 MB and killed a web replica when three came
 * at once), and at most {@link #CONCURRENT_DECODES} images are decoded at once (the work
 * is CPU-bound, so a queue costs no throughput).
 */
public final class ImagePreprocessor {

	/** 40 megapixels: any phone photo, nothing a bomb would need. */
	public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

	/**
	 * The most pixels an image is decoded at: about 1024x1024. The result is 28x28 (the
	 * content in 20x20), so a larger working size adds nothing but memory.
	 */
	public static final long WORKING_PIXELS = 1L << 20;

	/** Images decoded at once in this JVM; further callers wait their turn. */
	public static final int CONCURRENT_DECODES = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

	private static final Semaphore DECODING = new Semaphore(CONCURRENT_DECODES, true);

	private static final Set<String> FORMATS = Set.of("png", "jpeg");

	/**
	 * A pixel counts as content (for cropping) above this share of the stretched range.
	 */
	private static final double CONTENT_THRESHOLD = 0.2;

	private ImagePreprocessor() {
	}

	/**
	 * @return 28x28 row-major features, 0 = background, 255 = ink
	 * @throws InvalidInputException when the bytes are not a PNG/JPEG, are truncated or
	 * corrupt, declare more than {@code maxPixels} pixels, or show nothing
	 */
	public static float[] preprocess(byte[] bytes, Task task, long maxPixels) {
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
	 * A grey image as one flat row-major array, 0..1 (0 = black): one allocation instead
	 * of one per row, worked on in place. Doubles, not floats: the arithmetic is then the
	 * same, bit for bit, as the {@code double[][]} path it replaced, so every upload
	 * gives the same features as before (with floats a digit whose centre of mass falls
	 * on a half pixel moved by one); at the 1-megapixel working size that is 8 MB.
	 */
	record Grey(double[] pixels, int width, int height) {

		double at(int x, int y) {
			return this.pixels[y * this.width + x];
		}

	}

	private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	/**
	 * The reader for the upload's first bytes: PNG and JPEG by their signatures (what
	 * their readers' own {@code canDecodeInput} checks), so that the common case skips
	 * ImageIO's probe of every registered format; anything else is probed as before, for
	 * the same error message.
	 */
	private static ImageReader reader(byte[] bytes, ImageInputStream input) throws IOException {
		String known = null;
		if (bytes.length >= PNG_MAGIC.length
				&& Arrays.equals(bytes, 0, PNG_MAGIC.length, PNG_MAGIC, 0, PNG_MAGIC.length)) {
			known = "png";
		}
		else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
				&& (bytes[2] & 0xff) == 0xff) {
			known = "jpeg";
		}
		if (known != null) {
			ImageReaderSpi provider = PROVIDERS.computeIfAbsent(known, ImagePreprocessor::provider);
			if (provider != null) {
				return provider.createReaderInstance();
			}
		}
		Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
		return readers.hasNext() ? readers.next() : null;
	}

	/**
	 * The provider of a format's first registered reader, looked up once: ImageIO walks
	 * and filters its whole registry on each lookup.
	 */
	private static final Map<String, ImageReaderSpi> PROVIDERS = new ConcurrentHashMap<>();

	private static ImageReaderSpi provider(String format) {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
		return readers.hasNext() ? readers.next().getOriginatingProvider() : null;
	}

	/**
	 * Decodes to grey levels 0..1 (0 = black), refusing what is not a complete PNG/JPEG
	 * within the pixel limit. Transparent pixels become the background: white under dark
	 * strokes, black under light ones.
	 */
	static Grey decodeGrey(byte[] bytes, long maxPixels) {
		if (bytes == null || bytes.length == 0) {
			throw new InvalidInputException("the upload is empty");
		}
		BufferedImage image;
		// in memory: ImageIO.createImageInputStream would spool every upload to a
		// temporary file
		try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			ImageReader reader = reader(bytes, input);
			if (reader == null) {
				throw new InvalidInputException("not an image: expected a PNG or JPEG file");
			}
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

	/** Luminance weights of sRGB red, green and blue, per 8-bit level. */
	private static final double[] RED = new double[256];

	private static final double[] GREEN = new double[256];

	private static final double[] BLUE = new double[256];

	static {
		for (int v = 0; v < 256; v++) {
			RED[v] = 0.299 * (v / 255.0);
			GREEN[v] = 0.587 * (v / 255.0);
			BLUE[v] = 0.114 * (v / 255.0);
		}
	}

	private static double luminance(int argb) {
		return RED[(argb >> 16) & 0xff] + GREEN[(argb >> 8) & 0xff] + BLUE[argb & 0xff];
	}

	/**
	 * Grey levels and, for images with alpha, opacity. The byte layouts that PNG and JPEG
	 * decode to (grey, palette, BGR, ABGR, packed RGB) are read straight from the raster,
	 * with the colour model's own answer for each of the 256 levels or palette entries in
	 * a table, so the values are exactly those of {@link BufferedImage#getRGB}; any other
	 * layout (16-bit, grey with alpha) goes through {@code getRGB} row by row.
	 */
	private static Grey grey(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		int n = w * h;
		double[] luminance = new double[n];
		double[] alpha = null;
		ColorModel model = image.getColorModel();
		boolean hasAlpha = model.hasAlpha();
		Raster raster = image.getRaster();
		DataBuffer buffer = raster.getDataBuffer();
		int type = image.getType();
		if (type == BufferedImage.TYPE_BYTE_GRAY && tightly(raster, 1)) {
			double[] table = new double[256];
			for (int v = 0; v < 256; v++) {
				table[v] = luminance(model.getRGB(new byte[] { (byte) v }));
			}
			byte[] data = ((DataBufferByte) buffer).getData();
			for (int i = 0; i < n; i++) {
				luminance[i] = table[data[i] & 0xff];
			}
		}
		else if (type == BufferedImage.TYPE_BYTE_INDEXED && tightly(raster, 1)) {
			IndexColorModel palette = (IndexColorModel) model;
			int size = palette.getMapSize();
			double[] table = new double[256];
			double[] opacity = new double[256];
			for (int v = 0; v < size; v++) {
				int argb = palette.getRGB(v);
				table[v] = luminance(argb);
				opacity[v] = ((argb >>> 24) & 0xff) / 255.0;
			}
			byte[] data = ((DataBufferByte) buffer).getData();
			if (hasAlpha) {
				alpha = new double[n];
			}
			for (int i = 0; i < n; i++) {
				int v = data[i] & 0xff;
				luminance[i] = table[v];
				if (alpha != null) {
					alpha[i] = opacity[v];
				}
			}
		}
		else if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)
				&& tightly(raster, type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4)) {
			byte[] data = ((DataBufferByte) buffer).getData();
			int stride = (type == BufferedImage.TYPE_3BYTE_BGR) ? 3 : 4;
			int skip = stride - 3;
			if (hasAlpha) {
				alpha = new double[n];
			}
			for (int i = 0, p = 0; i < n; i++, p += stride) {
				if (alpha != null) {
					alpha[i] = (data[p] & 0xff) / 255.0;
				}
				// red first: the sum in the order of the formula, for the same bits
				luminance[i] = RED[data[p + skip + 2] & 0xff] + GREEN[data[p + skip + 1] & 0xff]
						+ BLUE[data[p + skip] & 0xff];
			}
		}
		else if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) && isIntPacked(image)) {
			int[] data = ((DataBufferInt) buffer).getData();
			if (hasAlpha) {
				alpha = new double[n];
			}
			for (int i = 0; i < n; i++) {
				luminance[i] = luminance(data[i]);
				if (alpha != null) {
					alpha[i] = (data[i] >>> 24) / 255.0;
				}
			}
		}
		else {
			int[] row = new int[w];
			if (hasAlpha) {
				alpha = new double[n];
			}
			for (int y = 0; y < h; y++) {
				image.getRGB(0, y, w, 1, row, 0, w);
				for (int x = 0; x < w; x++) {
					luminance[y * w + x] = luminance(row[x]);
					if (alpha != null) {
						alpha[y * w + x] = (row[x] >>> 24) / 255.0;
					}
				}
			}
		}
		if (alpha != null) {
			// strokes on a transparent canvas: put them on the background that contrasts
			// with them
			double opaqueSum = 0;
			int opaque = 0;
			for (int i = 0; i < n; i++) {
				if (alpha[i] > 0.5) {
					opaqueSum += luminance[i];
					opaque++;
				}
			}
			double background = opaque > 0 && opaqueSum / opaque > 0.5 ? 0.0 : 1.0;
			for (int i = 0; i < n; i++) {
				luminance[i] = alpha[i] * luminance[i] + (1 - alpha[i]) * background;
			}
		}
		return new Grey(luminance, w, h);
	}

	/**
	 * Whether the raster is exactly the image's own pixels, {@code bands} bytes each, row
	 * after row (not a view into a larger one).
	 */
	private static boolean tightly(Raster raster, int bands) {
		if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
				|| !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
			return false;
		}
		return buffer.getNumBanks() == 1 && buffer.getOffset() == 0 && model.getPixelStride() == bands
				&& model.getScanlineStride() == raster.getWidth() * bands && raster.getSampleModelTranslateX() == 0
				&& raster.getSampleModelTranslateY() == 0
				&& buffer.getData().length == raster.getWidth() * raster.getHeight() * bands;
	}

	private static boolean isIntPacked(BufferedImage image) {
		Raster raster = image.getRaster();
		return raster.getDataBuffer() instanceof DataBufferInt buffer
				&& raster.getSampleModel() instanceof SinglePixelPackedSampleModel model && buffer.getNumBanks() == 1
				&& buffer.getOffset() == 0 && model.getScanlineStride() == raster.getWidth()
				&& raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
				&& buffer.getData().length == raster.getWidth() * raster.getHeight();
	}

	/** Grey 0..1 (any size) to the task's 28x28 features, 0..255 with ink high. */
	static float[] toTask(Grey grey, Task task) {
		int h = grey.height();
		int w = grey.width();
		// worked on in place: the array is this call's own
		double[] ink = grey.pixels();
		// the border tells the background: light border = dark ink on paper, so invert
		double[] border = border(grey);
		double borderSum = 0;
		for (double v : border) {
			borderSum += v;
		}
		boolean invert = borderSum / border.length > 0.5;
		double max = 0;
		for (int i = 0; i < ink.length; i++) {
			if (invert) {
				ink[i] = 1 - ink[i];
			}
			max = Math.max(max, ink[i]);
		}
		// stretch: background level (median of the border) to 0, the strongest ink to 1
		double background = borderMedian(border, invert);
		if (max - background < 0.1) {
			throw new InvalidInputException("image is blank: no contrast between content and background");
		}
		double range = max - background;
		// crop to the content
		int top = h;
		int bottom = -1;
		int left = w;
		int right = -1;
		for (int y = 0; y < h; y++) {
			int base = y * w;
			for (int x = 0; x < w; x++) {
				double v = Math.max(0, (ink[base + x] - background) / range);
				ink[base + x] = v;
				if (v > CONTENT_THRESHOLD) {
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
		int rows = task.rows();
		int cols = task.cols();
		int box = task == Task.DIGITS ? 20 : Math.min(rows, cols);
		double scale = (double) box / Math.max(cropW, cropH);
		int targetW = Math.max(1, (int) Math.round(cropW * scale));
		int targetH = Math.max(1, (int) Math.round(cropH * scale));
		double[] scaled = resize(ink, w, left, top, cropW, cropH, targetW, targetH);
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
					double v = scaled[y * targetW + x];
					mass += v;
					mx += v * x;
					my += v * y;
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
					out[ty * cols + tx] = (float) Math.min(255, Math.max(0, scaled[y * targetW + x] * 255));
				}
			}
		}
		return out;
	}

	/**
	 * Area-averaging downscale of the crop (integer box filter first), then bilinear to
	 * the exact size; reads the crop in place, without copying it out first.
	 * @param source the whole image, {@code stride} pixels a row
	 */
	static double[] resize(double[] source, int stride, int left, int top, int cropW, int cropH, int targetW,
			int targetH) {
		double[] current = source;
		int w = cropW;
		int h = cropH;
		int rowStride = stride;
		int origin = top * stride + left;
		int factor = (int) Math.floor(Math.min((double) w / targetW, (double) h / targetH));
		if (factor >= 2) {
			int bh = h / factor;
			int bw = w / factor;
			double[] boxed = new double[bw * bh];
			int area = factor * factor;
			for (int y = 0; y < bh; y++) {
				for (int x = 0; x < bw; x++) {
					double sum = 0;
					for (int yy = 0; yy < factor; yy++) {
						int base = origin + (y * factor + yy) * rowStride + x * factor;
						for (int xx = 0; xx < factor; xx++) {
							sum += current[base + xx];
						}
					}
					boxed[y * bw + x] = sum / area;
				}
			}
			current = boxed;
			w = bw;
			h = bh;
			rowStride = bw;
			origin = 0;
		}
		double[] out = new double[targetW * targetH];
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
				int r0 = origin + y0 * rowStride;
				int r1 = origin + y1 * rowStride;
				out[y * targetW + x] = ((1 - fy) * ((1 - fx) * current[r0 + x0] + fx * current[r0 + x1])
						+ fy * ((1 - fx) * current[r1 + x0] + fx * current[r1 + x1]));
			}
		}
		return out;
	}

	/**
	 * The median of the border after the optional inversion: inverting reverses the
	 * order, so it is 1 minus the value at the mirrored position.
	 */
	private static double borderMedian(double[] border, boolean inverted) {
		double[] values = border.clone();
		Arrays.sort(values);
		int middle = values.length / 2;
		return inverted ? 1 - values[values.length - 1 - middle] : values[middle];
	}

	/** The pixels of the outer frame (about 4 % of each side, at least one pixel). */
	private static double[] border(Grey grey) {
		int h = grey.height();
		int w = grey.width();
		int t = Math.max(1, Math.min(h, w) / 25);
		double[] pixels = grey.pixels();
		int inner = Math.max(0, h - 2 * t) * Math.max(0, w - 2 * t);
		double[] values = new double[w * h - inner];
		int n = 0;
		for (int y = 0; y < h; y++) {
			boolean edgeRow = y < t || y >= h - t;
			int base = y * w;
			for (int x = 0; x < w; x++) {
				if (edgeRow || x < t || x >= w - t) {
					values[n++] = pixels[base + x];
				}
			}
		}
		return (n == values.length) ? values : Arrays.copyOf(values, n);
	}

}
