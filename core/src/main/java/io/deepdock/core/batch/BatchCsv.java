package io.deepdock.core.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.deepdock.core.csv.CsvRows;
import io.deepdock.core.csv.CsvRowsException;

/**
 * A CSV of texts, read one row at a time by {@link CsvRows} (Apache Commons CSV): UTF-8
 * (strictly: a malformed byte, or a NUL character, refuses the file, naming the line),
 * RFC 4180 quoting (a quoted text may span lines), a header with a {@value #TEXT_COLUMN}
 * column (the Jigsaw format has one, its label columns are ignored) and optionally an
 * {@code id} column that names the rows. A record longer than
 * {@link BatchLimits#maxRecordChars()} refuses the file (nothing after it could be
 * trusted to start a row); a row with the wrong number of fields becomes an error row.
 */
final class BatchCsv implements BatchInput {

	/** The column that holds the texts. */
	public static final String TEXT_COLUMN = "comment_text";

	private final CsvRows rows;

	private final BatchLimits limits;

	private final int columns;

	private final int textColumn;

	private final int idColumn;

	private long recordLine;

	private int count;

	private BatchCsv(InputStream in, BatchLimits limits) throws IOException {
		this.rows = CsvRows.open(new InputStreamReader(in,
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)),
				limits.maxRecordChars());
		this.limits = limits;
		List<String> header = record();
		if (header == null || (header.size() == 1 && header.get(0).isBlank())) {
			throw new BatchInputException(BatchInputException.Kind.EMPTY,
					"The CSV is empty: expected a header with a " + TEXT_COLUMN + " column.");
		}
		if (header.get(0).startsWith("\ufeff")) {
			header.set(0, header.get(0).substring(1));
		}
		List<String> names = header.stream().map((h) -> h.strip().toLowerCase(Locale.ROOT)).toList();
		this.columns = header.size();
		this.textColumn = names.indexOf(TEXT_COLUMN);
		this.idColumn = names.indexOf("id");
		if (this.textColumn < 0) {
			throw new BatchInputException(BatchInputException.Kind.MALFORMED, "The CSV header has no " + TEXT_COLUMN
					+ " column; found " + BatchItem.cleanName(String.join(",", header)) + ".");
		}
	}

	/**
	 * Opens a CSV and reads its header.
	 * @throws BatchInputException when the header lacks the text column, or the file is
	 * not UTF-8
	 */
	public static BatchCsv open(InputStream in, BatchLimits limits) throws IOException {
		return new BatchCsv(in, limits);
	}

	/**
	 * Reads a whole CSV, checking what would stop its processing (header, encoding,
	 * record length, row count).
	 * @return the number of rows
	 */
	public static int count(InputStream in, BatchLimits limits) throws IOException {
		BatchCsv csv = new BatchCsv(in, limits);
		int rows = 0;
		while (csv.next() != null) {
			rows++;
		}
		return rows;
	}

	@Override
	public BatchItem next() throws IOException {
		List<String> row;
		do {
			row = record();
			if (row == null) {
				return null;
			}
		}
		while (row.size() == 1 && row.get(0).isBlank());
		this.count++;
		if (this.count > this.limits.maxItems()) {
			throw new BatchInputException(BatchInputException.Kind.TOO_LARGE, "The CSV has more than "
					+ this.limits.maxItems() + " rows; the limit is " + this.limits.maxItems() + ".");
		}
		String name = "line " + this.recordLine;
		if (this.idColumn >= 0 && this.idColumn < row.size() && !row.get(this.idColumn).isBlank()) {
			name = BatchItem.cleanName(row.get(this.idColumn));
		}
		if (row.size() != this.columns) {
			return BatchItem.error(name,
					"line %d has %d fields, the header has %d".formatted(this.recordLine, row.size(), this.columns));
		}
		return BatchItem.text(name, row.get(this.textColumn));
	}

	@Override
	public void close() throws IOException {
		this.rows.close();
	}

	/** The next record's fields, or null at the end. */
	private List<String> record() throws IOException {
		List<String> fields;
		try {
			fields = this.rows.next();
		}
		catch (CsvRowsException ex) {
			throw switch (ex.problem()) {
				case TOO_LONG -> new BatchInputException(BatchInputException.Kind.TOO_LARGE,
						"CSV line %d starts a record longer than %d characters.".formatted(ex.line(),
								this.limits.maxRecordChars()));
				case QUOTE_NEVER_CLOSED -> new BatchInputException(BatchInputException.Kind.MALFORMED,
						"The quote opened on CSV line %d is never closed.".formatted(ex.line()));
				case NOT_DECODABLE -> new BatchInputException(BatchInputException.Kind.MALFORMED,
						"The CSV is not valid UTF-8 (at or after line " + ex.line() + ").", ex);
				case MALFORMED -> new BatchInputException(BatchInputException.Kind.MALFORMED,
						"CSV line %d cannot be read as RFC 4180.".formatted(ex.line()), ex);
			};
		}
		if (fields == null) {
			return null;
		}
		this.recordLine = this.rows.recordLine();
		long line = this.recordLine;
		for (String field : fields) {
			int nul = field.indexOf('\0');
			if (nul >= 0) {
				// its text would be stored with the prediction, and PostgreSQL refuses it
				throw new BatchInputException(BatchInputException.Kind.MALFORMED,
						"CSV line %d holds a NUL character, which cannot be stored: remove it."
							.formatted(line + field.substring(0, nul).chars().filter((c) -> c == '\n').count()));
			}
			line += field.chars().filter((c) -> c == '\n').count();
		}
		return fields;
	}

}
