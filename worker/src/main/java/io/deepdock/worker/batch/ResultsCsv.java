package io.deepdock.worker.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.Classification;

/**
 * The results CSV of a batch: one row per input, in the input's order, with the columns
 * {@code input,prediction_id,label,labels,p_<label>...,error}. Text that came from the
 * user (names, errors) is quoted as RFC 4180 asks (by Apache Commons CSV), and a cell
 * that a spreadsheet would run as a formula ({@code = + - @}) is prefixed with {@code '}.
 */
final class ResultsCsv {

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setQuoteMode(QuoteMode.MINIMAL)
		.setRecordSeparator('\n')
		.get();

	private final Writer out;

	private final Task task;

	ResultsCsv(Writer out, Task task) {
		this.out = out;
		this.task = task;
	}

	void header() throws IOException {
		StringBuilder line = new StringBuilder("input,prediction_id,label,labels");
		for (String label : this.task.labels()) {
			line.append(',').append(cell("p_" + label));
		}
		this.out.write(line.append(",error\n").toString());
	}

	void prediction(String input, long predictionId, Classification prediction) throws IOException {
		StringBuilder line = new StringBuilder(128);
		line.append(cell(input)).append(',').append(predictionId).append(',').append(cell(prediction.label()));
		line.append(',').append(cell(String.join(";", prediction.labels())));
		for (String label : this.task.labels()) {
			Double p = prediction.probabilities().get(label);
			line.append(',').append((p != null) ? String.format(Locale.ROOT, "%.6f", p) : "");
		}
		this.out.write(line.append(",\n").toString());
	}

	void error(String input, String error) throws IOException {
		StringBuilder line = new StringBuilder(128);
		line.append(cell(input)).append(",,,");
		line.append(",".repeat(this.task.labelCount()));
		this.out.write(line.append(',').append(cell(error)).append('\n').toString());
	}

	/**
	 * One cell: defused (a spreadsheet formula is our concern, not the CSV library's),
	 * then quoted by Commons CSV where RFC 4180 asks.
	 */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String text = value;
		char first = text.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			text = "'" + text;
		}
		StringBuilder quoted = new StringBuilder(text.length() + 2);
		try {
			// printed as a later cell of a record, for which MINIMAL quotes only
			// separators, quotes and line breaks; the separator it writes first is
			// dropped
			FORMAT.print(text, quoted, false);
			quoted.deleteCharAt(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // a StringBuilder does not fail
		}
		return quoted.toString();
	}

}
