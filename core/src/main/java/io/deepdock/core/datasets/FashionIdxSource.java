package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.ml.data.ImageSet;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads Fashion-MNIST in IDX format (gzipped, as Debian's {@code dataset-fashion-mnist}
 * installs it) with its official 60,000/10,000 train/test split, checking magic numbers,
 * counts, shapes and labels.
 */
public class FashionIdxSource {

	static final int IMAGES_MAGIC = 2051;

	static final int LABELS_MAGIC = 2049;

	public Splits read(Path dir, int expectedTrain, int expectedTest) throws IOException {
		if (!Files.isDirectory(dir)) {
			throw new DatasetSourceException("The Fashion-MNIST source is missing: no folder " + dir.toAbsolutePath()
					+ ". Install it with: apt-get install dataset-fashion-mnist (./deepdock up does this when run as "
					+ "root), or set DEEPDOCK_SOURCES_FASHION_DIR.");
		}
		ImageSet train = read(dir, "train", expectedTrain);
		ImageSet test = read(dir, "t10k", expectedTest);
		return new Splits(train, test,
				"official Fashion-MNIST split (" + train.count() + " train / " + test.count() + " test)");
	}

	private ImageSet read(Path dir, String prefix, int expected) throws IOException {
		Path imagesFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
		Path labelsFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
		for (Path file : new Path[] { imagesFile, labelsFile }) {
			if (!Files.isRegularFile(file)) {
				throw new DatasetSourceException("The Fashion-MNIST source is incomplete: " + file.toAbsolutePath()
						+ " is missing. Reinstall it with: apt-get install --reinstall dataset-fashion-mnist.");
			}
		}
		try (DataInputStream images = open(imagesFile); DataInputStream labels = open(labelsFile)) {
			int imagesMagic = images.readInt();
			if (imagesMagic != IMAGES_MAGIC) {
				throw corrupt(imagesFile, "bad magic number " + imagesMagic);
			}
			int count = images.readInt();
			int rows = images.readInt();
			int cols = images.readInt();
			if (rows != 28 || cols != 28) {
				throw corrupt(imagesFile, "images are " + rows + "x" + cols + ", expected 28x28");
			}
			int labelsMagic = labels.readInt();
			if (labelsMagic != LABELS_MAGIC) {
				throw corrupt(labelsFile, "bad magic number " + labelsMagic);
			}
			int labelCount = labels.readInt();
			if (count != expected || labelCount != expected) {
				throw new DatasetFormatException("Fashion-MNIST %s has %d images and %d labels, expected %d of each"
					.formatted(prefix, count, labelCount, expected) + ". Reinstall dataset-fashion-mnist.");
			}
			byte[] labelBytes = new byte[count];
			byte[] pixels = new byte[count * rows * cols];
			labels.readFully(labelBytes);
			images.readFully(pixels);
			for (int i = 0; i < count; i++) {
				if ((labelBytes[i] & 0xff) > 9) {
					throw corrupt(labelsFile, "label " + (labelBytes[i] & 0xff) + " of image " + i + " is not 0..9");
				}
			}
			return new ImageSet(count, rows, cols, 10, labelBytes, pixels);
		}
		catch (EOFException ex) {
			throw new DatasetFormatException(
					"Fashion-MNIST " + prefix + " is truncated. Reinstall dataset-fashion-mnist.");
		}
		catch (ZipException ex) {
			throw new DatasetFormatException("Fashion-MNIST " + prefix + " is not valid gzip (" + ex.getMessage()
					+ "). Reinstall dataset-fashion-mnist.");
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream in = Files.newInputStream(file);
		try {
			return new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024));
		}
		catch (IOException ex) {
			in.close();
			throw new DatasetFormatException("Fashion-MNIST file " + file.getFileName()
					+ " is not valid gzip. Reinstall dataset-fashion-mnist.");
		}
	}

	private static DatasetFormatException corrupt(Path file, String why) {
		return new DatasetFormatException("Fashion-MNIST file " + file.getFileName() + " is corrupt: " + why
				+ ". Reinstall dataset-fashion-mnist.");
	}

}
