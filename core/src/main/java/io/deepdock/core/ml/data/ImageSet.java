package io.deepdock.core.ml.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A labelled set of grey images held in two flat arrays, the compact form that imports
 * write to media and training reads back. Pixels are unsigned bytes (0 = background, 255
 * = ink, as MNIST), row-major, image after image; labels are class indexes. One
 * preallocated array, so training iterates views instead of copies.
 *
 * <p>
 * File layout ({@code .ddi}, big-endian): magic {@code DDI1}, count, rows, cols, classes
 * (ints), then {@code count} label bytes, then {@code count*rows*cols} pixel bytes.
 */
public record ImageSet(int count, int rows, int cols, int classes, byte[] labels, byte[] pixels) {

	/** File magic, "DDI1". */
	public static final int MAGIC = 0x44444931;

	/**
	 * Largest image set a file may declare; bounds the allocation a corrupt header could
	 * ask for.
	 */
	public static final long MAX_BYTES = 512L * 1024 * 1024;

	public ImageSet {
		if (count < 0 || rows <= 0 || cols <= 0 || classes <= 1) {
			throw new IllegalArgumentException(
					"bad image set shape: count=%d rows=%d cols=%d classes=%d".formatted(count, rows, cols, classes));
		}
		if (labels.length != count || (long) pixels.length != (long) count * rows * cols) {
			throw new IllegalArgumentException("labels/pixels do not match count %d".formatted(count));
		}
	}

	public int pixelsPerImage() {
		return this.rows * this.cols;
	}

	public int label(int index) {
		return this.labels[index] & 0xff;
	}

	/** Pixel {@code p} of image {@code index}, 0..255. */
	public int pixel(int index, int p) {
		return this.pixels[index * pixelsPerImage() + p] & 0xff;
	}

	/** Number of images per class. */
	public int[] classCounts() {
		int[] counts = new int[this.classes];
		for (int i = 0; i < this.count; i++) {
			counts[label(i)]++;
		}
		return counts;
	}

	public void write(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(MAGIC);
		data.writeInt(this.count);
		data.writeInt(this.rows);
		data.writeInt(this.cols);
		data.writeInt(this.classes);
		data.write(this.labels);
		data.write(this.pixels);
		data.flush();
	}

	/**
	 * Reads a {@code .ddi} stream. The caller owns (and closes) the stream.
	 * @throws DatasetFormatException if the stream is not a valid image set
	 */
	public static ImageSet read(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int magic = data.readInt();
		if (magic != MAGIC) {
			throw new DatasetFormatException("not a deepdock image set (magic %08x)".formatted(magic));
		}
		int count = data.readInt();
		int rows = data.readInt();
		int cols = data.readInt();
		int classes = data.readInt();
		if (count < 0 || rows <= 0 || cols <= 0 || classes <= 1 || (long) count * rows * cols > MAX_BYTES) {
			throw new DatasetFormatException("corrupt image set header: count=%d rows=%d cols=%d classes=%d"
				.formatted(count, rows, cols, classes));
		}
		byte[] labels = new byte[count];
		byte[] pixels = new byte[count * rows * cols];
		try {
			data.readFully(labels);
			data.readFully(pixels);
		}
		catch (java.io.EOFException ex) {
			throw new DatasetFormatException("truncated image set: expected %d images".formatted(count));
		}
		for (int i = 0; i < count; i++) {
			if ((labels[i] & 0xff) >= classes) {
				throw new DatasetFormatException(
						"label %d of image %d is outside 0..%d".formatted(labels[i] & 0xff, i, classes - 1));
			}
		}
		return new ImageSet(count, rows, cols, classes, labels, pixels);
	}

}
