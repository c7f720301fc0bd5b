package io.deepdock.core.ml.text;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.deepdock.core.csv.CsvRows;
import io.deepdock.core.csv.CsvRowsException;
import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.ml.Task;

/**
 * Reads the Jigsaw toxic-comment CSV format
 * ({@code id,comment_text,toxic,severe_toxic,obscene,threat,insult,
 * identity_hate}; RFC 4180 quoting, texts may span lines), with {@link CsvRows}. Columns
 * are found by header name, so their order and extra columns do not matter. Rows whose
 * labels are {@code -1} (Jigsaw's "not scored" marker) are skipped.
 */
public final class ToxicityCsv {

	/** Longest text accepted, as for online predictions. */
	public static final int MAX_TEXT_LENGTH = 10_000;

	/**
	 * The longest record (one row, quoted line breaks included) the reader holds: a
	 * comment is cut to {@link #MAX_TEXT_LENGTH} anyway, so anything near this is a
	 * broken file (an unclosed quote swallowing the rest), refused before it fills the
	 * memory.
	 */
	public static final int MAX_RECORD_LENGTH = 1_000_000;

	private ToxicityCsv() {
	}

	/**
	 * @param limit stop after this many rows (0 = all)
	 * @throws DatasetFormatException naming the line when the CSV is malformed
	 */
	public static TextSet read(Reader reader, int limit) throws IOException {
		List<String> labelNames = Task.TOXICITY.labels();
		CsvRows parser = CsvRows.open(reader, MAX_RECORD_LENGTH);
		List<String> header = next(parser);
		if (header == null) {
			throw new DatasetFormatException("empty CSV: expected a header with id,comment_text," + labelNames);
		}
		int idColumn = header.indexOf("id");
		int textColumn = header.indexOf("comment_text");
		int[] labelColumns = new int[labelNames.size()];
		List<String> missing = new ArrayList<>();
		for (int j = 0; j < labelColumns.length; j++) {
			labelColumns[j] = header.indexOf(labelNames.get(j));
			if (labelColumns[j] < 0) {
				missing.add(labelNames.get(j));
			}
		}
		if (textColumn < 0) {
			missing.add(0, "comment_text");
		}
		if (!missing.isEmpty()) {
			throw new DatasetFormatException("CSV header lacks columns " + missing + "; found " + header);
		}
		List<String> ids = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
		List<String> row;
		while ((limit == 0 || texts.size() < limit) && (row = next(parser)) != null) {
			if (row.size() == 1 && row.get(0).isEmpty()) {
				continue;
			}
			if (row.size() != header.size()) {
				throw new DatasetFormatException("CSV line %d has %d fields, the header has %d"
					.formatted(parser.recordLine(), row.size(), header.size()));
			}
			byte[] rowLabels = new byte[labelColumns.length];
			boolean unscored = false;
			for (int j = 0; j < labelColumns.length; j++) {
				String value = row.get(labelColumns[j]).trim();
				switch (value) {
					case "0" -> rowLabels[j] = 0;
					case "1" -> rowLabels[j] = 1;
					case "-1" -> unscored = true;
					default -> throw new DatasetFormatException("CSV line %d: %s must be 0 or 1, was '%s'"
						.formatted(parser.recordLine(), labelNames.get(j), value));
				}
			}
			if (unscored) {
				continue;
			}
			String text = row.get(textColumn);
			if (text.length() > MAX_TEXT_LENGTH) {
				text = text.substring(0, MAX_TEXT_LENGTH);
			}
			ids.add(idColumn >= 0 ? row.get(idColumn) : Integer.toString(texts.size()));
			texts.add(text);
			labels.writeBytes(rowLabels);
		}
		return new TextSet(labelNames, ids, texts, labels.toByteArray());
	}

	/**
	 * Writes {@code set} in the Jigsaw format ({@code id,comment_text,} then the six
	 * labels), quoting every text, so that {@link #read} reads it back unchanged.
	 */
	public static void write(TextSet set, java.io.Writer out) throws IOException {
		out.write("id,comment_text," + String.join(",", set.labelNames()) + "\n");
		for (int i = 0; i < set.size(); i++) {
			out.write(quote(set.ids().get(i)));
			out.write(',');
			out.write(quote(set.texts().get(i)));
			for (int j = 0; j < set.labelCount(); j++) {
				out.write(set.label(i, j) ? ",1" : ",0");
			}
			out.write('\n');
		}
		out.flush();
	}

	private static String quote(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	/**
	 * Splits deterministically and stratified: every 5th text of those with any label,
	 * and every 5th of the clean ones, is held out for the test split.
	 * @return the train and the test split
	 */
	public static TextSet[] split(TextSet set) {
		List<Integer> train = new ArrayList<>();
		List<Integer> test = new ArrayList<>();
		int labelled = 0;
		int clean = 0;
		for (int i = 0; i < set.size(); i++) {
			boolean any = false;
			for (int j = 0; j < set.labelCount(); j++) {
				any |= set.label(i, j);
			}
			int rank = any ? labelled++ : clean++;
			((rank % 5 == 4) ? test : train).add(i);
		}
		return new TextSet[] { subset(set, train), subset(set, test) };
	}

	private static TextSet subset(TextSet set, List<Integer> rows) {
		List<String> ids = new ArrayList<>(rows.size());
		List<String> texts = new ArrayList<>(rows.size());
		byte[] labels = new byte[rows.size() * set.labelCount()];
		for (int r = 0; r < rows.size(); r++) {
			int i = rows.get(r);
			ids.add(set.ids().get(i));
			texts.add(set.texts().get(i));
			for (int j = 0; j < set.labelCount(); j++) {
				labels[r * set.labelCount() + j] = (byte) (set.label(i, j) ? 1 : 0);
			}
		}
		return new TextSet(set.labelNames(), ids, texts, labels);
	}

	/**
	 * The next row, or null at the end, refusals worded for a dataset upload.
	 */
	private static List<String> next(CsvRows rows) throws IOException {
		try {
			return rows.next();
		}
		catch (CsvRowsException ex) {
			throw switch (ex.problem()) {
				case TOO_LONG -> new DatasetFormatException(
						String.format(Locale.ROOT, "CSV row starting on line %d is longer than %,d characters%s",
								ex.line(), MAX_RECORD_LENGTH, ex.unfinished() ? " (is a quote never closed?)" : ""));
				case QUOTE_NEVER_CLOSED ->
					new DatasetFormatException("CSV quote opened on line %d is never closed".formatted(ex.line()));
				case NOT_DECODABLE -> new DatasetFormatException(
						"the CSV is not valid UTF-8 at or after line %d: save it as UTF-8 and upload it again"
							.formatted(ex.line()));
				case MALFORMED ->
					new DatasetFormatException("CSV line %d cannot be read as RFC 4180".formatted(ex.line()));
			};
		}
	}

}
