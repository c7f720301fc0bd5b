package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.ml.data.ImageSet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchItem;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.batch.BatchZip;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.ImagePreprocessor;
import io.deepdock.core.ml.inference.InvalidInputException;

/**
 * A user's image dataset: a zip of PNG/JPEG images in one folder per class, e.g.
 * {@code 7/img001.png} for digits or {@code Sneaker/a.jpg} (or {@code 7/a.jpg}) for
 * fashion. The folder an image sits in names its class: the task's label, or its index,
 * compared without case and punctuation, so {@code T-shirt_top}, {@code tshirt-top} and a
 * nested {@code T-shirt/top/} all mean {@code T-shirt/top}. Folders above the class
 * folder (a wrapping {@code mydata/}) are allowed.
 *
 * <p>
 * The archive is checked exactly as a batch zip is ({@link BatchZip}: traversal and
 * absolute names refused, entry count, total size and compression ratio bounded, before
 * anything is inflated), and every image must sit in a known class folder. Reading
 * decodes each image with the product's own preprocessing ({@link ImagePreprocessor}: the
 * format sniffed by decoding, the pixel count bounded before decoding) into 28x28 grey,
 * so the model learns from what serving will show it. A corrupt image fails the whole
 * import with a reason naming the entry: nothing is skipped silently.
 */
public final class ImageFolderZip {

	/** Fewest images an upload must hold. */
	public static final int MIN_IMAGES = 10;

	/** Every {@code HOLD_OUT}-th image of each class (by entry name) goes to test. */
	public static final int HOLD_OUT = 5;

	private ImageFolderZip() {
	}

	/**
	 * Checks an uploaded zip without decoding any image: the {@link BatchZip} checks, and
	 * that every image sits in a class folder of {@code task}.
	 * @return images per class, in label order
	 * @throws BatchInputException when the zip is unsafe, over a limit or unreadable
	 * @throws DatasetFormatException naming the first entry outside a known class folder,
	 * or when there are fewer than {@link #MIN_IMAGES} images
	 */
	public static int[] inspect(Path file, Task task, BatchLimits limits) throws IOException {
		BatchZip.inspect(file, limits);
		int[] counts = new int[task.labels().size()];
		try (ZipFile zip = new ZipFile(file.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (ignored(entry.getName(), entry.isDirectory())) {
					continue;
				}
				counts[classOf(entry.getName(), task)]++;
			}
		}
		catch (ZipException | EOFException | IllegalArgumentException ex) {
			throw BatchZip.unreadable(ex);
		}
		int total = java.util.Arrays.stream(counts).sum();
		if (total < MIN_IMAGES) {
			throw new DatasetFormatException("the zip holds " + total + " images; a dataset needs at least "
					+ MIN_IMAGES + " (one folder per class, e.g. 7/img001.png)");
		}
		return counts;
	}

	/**
	 * Reads, decodes and splits an uploaded zip: every {@link #HOLD_OUT}-th image of each
	 * class, in entry-name order, goes to test, the others to train.
	 * @throws DatasetFormatException naming the entry that is corrupt, not an image, or
	 * outside a class folder; or when the test split would be empty
	 */
	public static Splits read(Path file, Task task, BatchLimits limits, Consumer<String> progress) throws IOException {
		int classes = task.labels().size();
		List<List<Decoded>> byClass = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			byClass.add(new ArrayList<>());
		}
		int read = 0;
		try (BatchZip zip = BatchZip.open(file, limits)) {
			BatchItem item;
			while ((item = zip.next()) != null) {
				int label = classOf(item.name(), task);
				if (item.failed()) {
					throw new DatasetFormatException("entry '" + item.name() + "': " + item.error());
				}
				float[] features;
				try {
					features = ImagePreprocessor.preprocess(item.image(), task, limits.maxImagePixels());
				}
				catch (InvalidInputException ex) {
					throw new DatasetFormatException("entry '" + item.name() + "': " + ex.getMessage());
				}
				byte[] pixels = new byte[features.length];
				for (int p = 0; p < features.length; p++) {
					pixels[p] = (byte) Math.round(Math.max(0, Math.min(255, features[p])));
				}
				byClass.get(label).add(new Decoded(item.name(), pixels));
				read++;
				if (read % 1000 == 0) {
					progress.accept("decoded " + read + " images");
				}
			}
		}
		List<Decoded> train = new ArrayList<>();
		List<Decoded> test = new ArrayList<>();
		List<Integer> trainLabels = new ArrayList<>();
		List<Integer> testLabels = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			List<Decoded> images = byClass.get(c);
			images.sort(Comparator.comparing(Decoded::name));
			for (int i = 0; i < images.size(); i++) {
				boolean held = i % HOLD_OUT == HOLD_OUT - 1;
				(held ? test : train).add(images.get(i));
				(held ? testLabels : trainLabels).add(c);
			}
		}
		if (read < MIN_IMAGES) {
			throw new DatasetFormatException("the zip holds " + read + " images; a dataset needs at least " + MIN_IMAGES
					+ " (one folder per class, e.g. 7/img001.png)");
		}
		if (test.isEmpty()) {
			throw new DatasetFormatException("no class has " + HOLD_OUT
					+ " images, so nothing is held out to test on: add more images per class");
		}
		return new Splits(imageSet(task, train, trainLabels), imageSet(task, test, testLabels),
				"every " + HOLD_OUT + "th image of each class (by entry name) held out");
	}

	private static ImageSet imageSet(Task task, List<Decoded> images, List<Integer> labels) {
		int size = task.rows() * task.cols();
		byte[] pixels = new byte[images.size() * size];
		byte[] classes = new byte[images.size()];
		for (int i = 0; i < images.size(); i++) {
			System.arraycopy(images.get(i).pixels(), 0, pixels, i * size, size);
			classes[i] = (byte) (int) labels.get(i);
		}
		return new ImageSet(images.size(), task.rows(), task.cols(), task.labels().size(), classes, pixels);
	}

	private record Decoded(String name, byte[] pixels) {
	}

	/**
	 * The class index an entry's folder names.
	 * @throws DatasetFormatException naming the folder when it is no class of the task
	 */
	static int classOf(String entryName, Task task) throws DatasetFormatException {
		String path = entryName.replace('\\', '/');
		String[] parts = path.split("/");
		if (parts.length < 2) {
			throw new DatasetFormatException("entry '" + BatchItem.cleanName(entryName)
					+ "' is not in a class folder: put each image in a folder named after its class, e.g. "
					+ task.labels().get(0).replace('/', '_') + "/" + BatchItem.cleanName(entryName));
		}
		String folder = parts[parts.length - 2];
		Integer found = labelIndex(folder, task);
		if (found == null && parts.length >= 3) {
			// a label with a slash, unpacked as two folders: T-shirt/top/img.png
			found = labelIndex(parts[parts.length - 3] + "/" + folder, task);
		}
		if (found == null) {
			throw new DatasetFormatException("unknown class folder '" + BatchItem.cleanName(folder) + "' (entry '"
					+ BatchItem.cleanName(entryName) + "'): " + task.id() + " folders are named after its labels "
					+ labelList(task) + " or their index 0.." + (task.labels().size() - 1));
		}
		return found;
	}

	/** The index of the label a folder names (by label or index), or null. */
	static Integer labelIndex(String folder, Task task) {
		String wanted = normalize(folder);
		if (wanted.isEmpty()) {
			return null;
		}
		List<String> labels = task.labels();
		for (int i = 0; i < labels.size(); i++) {
			String label = labels.get(i);
			// "T-shirt/top" is also just "T-shirt"
			String head = (label.indexOf('/') > 0) ? normalize(label.substring(0, label.indexOf('/'))) : null;
			if (normalize(label).equals(wanted) || wanted.equals(head) || Integer.toString(i).equals(wanted)) {
				return i;
			}
		}
		return null;
	}

	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{Alnum}]", "");
	}

	private static String labelList(Task task) {
		return task.labels().toString();
	}

	/** Folders and archiver metadata, as {@link BatchZip} skips them. */
	private static boolean ignored(String name, boolean directory) {
		String path = name.replace('\\', '/');
		if (directory || path.endsWith("/") || path.startsWith("__MACOSX/")) {
			return true;
		}
		String last = path.substring(path.lastIndexOf('/') + 1);
		return last.startsWith("._") || last.equals(".DS_Store") || last.equals("Thumbs.db");
	}

}
