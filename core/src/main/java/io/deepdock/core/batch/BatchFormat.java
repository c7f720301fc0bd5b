package io.deepdock.core.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.deepdock.core.ml.Task;

/** The two kinds of batch file: a zip of images, a CSV of texts. */
public enum BatchFormat {

	ZIP("zip"), CSV("csv");

	private final String extension;

	BatchFormat(String extension) {
		this.extension = extension;
	}

	public String extension() {
		return this.extension;
	}

	/** The format a task takes: images come zipped, texts as a CSV. */
	public static BatchFormat of(Task task) {
		return (task.kind() == Task.Kind.IMAGE) ? ZIP : CSV;
	}

	/**
	 * Checks a whole file as cheaply as it allows (a zip's central directory, a CSV read
	 * once without keeping its texts).
	 * @return the number of inputs
	 * @throws BatchInputException when it cannot be processed
	 */
	public int inspect(Path file, BatchLimits limits) throws IOException {
		if (this == ZIP) {
			return BatchZip.inspect(file, limits).inputs();
		}
		try (InputStream in = Files.newInputStream(file)) {
			return BatchCsv.count(in, limits);
		}
	}

	/** Opens a file for reading, one input at a time. */
	public BatchInput open(Path file, BatchLimits limits) throws IOException {
		if (this == ZIP) {
			return BatchZip.open(file, limits);
		}
		InputStream in = Files.newInputStream(file);
		try {
			return BatchCsv.open(in, limits);
		}
		catch (IOException | RuntimeException ex) {
			in.close();
			throw ex;
		}
	}

}
