package io.deepdock.core.csv;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one RFC 4180 reader of uploaded CSVs (batch texts, toxicity datasets): Apache
 * Commons CSV does the parsing; this class adds what an upload needs on top, a limit on
 * the length of one record (so that an unclosed quote cannot swallow the rest of a file
 * into memory) and line numbers for every refusal. Lenient where the hand-written readers
 * it replaces were: characters after a closing quote are kept ({@code "ab"cd} reads
 * {@code abcd}) and a quote inside an unquoted field is a plain character. A blank line
 * is a record of one empty field.
 */
public final class CsvRows implements Closeable {

	/**
	 * How far Commons CSV's own buffer may have read into a record before it starts: the
	 * reader-level guard counts from the start of each record, so a record is refused
	 * there once it is surely longer than the limit, and a whole record's exact length is
	 * checked once it is parsed. The guard hands Commons CSV at most this many characters
	 * a read, so that its buffer runs at most this far ahead.
	 */
	private static final int READ_AHEAD = 1024;

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setIgnoreEmptyLines(false)
		.setTrailingData(true)
		.get();

	private final Budget budget;

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final int maxRecordChars;

	private long recordLine = 1;

	private CsvRows(Reader reader, int maxRecordChars) throws IOException {
		this.maxRecordChars = maxRecordChars;
		this.budget = new Budget(reader, maxRecordChars);
		this.parser = CSVParser.builder().setReader(this.budget).setFormat(FORMAT).get();
		this.records = this.parser.iterator();
	}

	/**
	 * Reads {@code reader}; a record longer than {@code maxRecordChars} (its quoted line
	 * breaks included) is refused.
	 */
	public static CsvRows open(Reader reader, int maxRecordChars) throws IOException {
		return new CsvRows(reader, maxRecordChars);
	}

	/**
	 * The next record's fields, or null at the end.
	 * @throws CsvRowsException naming the line where a record is too long, a quote never
	 * closes, or the text cannot be decoded
	 */
	public List<String> next() throws IOException {
		this.recordLine = this.parser.getCurrentLineNumber() + 1;
		CSVRecord record;
		try {
			if (!this.records.hasNext()) {
				return null;
			}
			record = this.records.next();
		}
		catch (UncheckedIOException ex) {
			throw refusal(ex.getCause());
		}
		List<String> fields = record.toList();
		if (fields.isEmpty()) {
			return new ArrayList<>(List.of(""));
		}
		long length = fields.size() - 1;
		for (String field : fields) {
			length += field.length();
		}
		if (length > this.maxRecordChars) {
			throw tooLong(false);
		}
		return new ArrayList<>(fields);
	}

	/** The line on which the record last read (or refused) starts. */
	public long recordLine() {
		return this.recordLine;
	}

	/** The line that the reader has reached: where a decoding error was met. */
	public long linesRead() {
		return this.budget.line;
	}

	@Override
	public void close() throws IOException {
		this.parser.close();
	}

	private CsvRowsException refusal(IOException cause) {
		if (cause instanceof BudgetExceeded) {
			return tooLong(true);
		}
		if (cause instanceof CharacterCodingException) {
			return new CsvRowsException(CsvRowsException.Problem.NOT_DECODABLE, this.budget.line, false, cause);
		}
		if (cause instanceof CSVException && cause.getMessage() != null && cause.getMessage().contains("EOF")) {
			if (this.budget.sinceRecord + READ_AHEAD > this.maxRecordChars) {
				// the open quote ran to the end past (or, within Commons CSV's buffer,
				// near)
				// the limit: a reader counting by hand would have stopped at the limit
				// first
				return tooLong(true);
			}
			return new CsvRowsException(CsvRowsException.Problem.QUOTE_NEVER_CLOSED, this.recordLine, false, cause);
		}
		return new CsvRowsException(CsvRowsException.Problem.MALFORMED, this.recordLine, false, cause);
	}

	private CsvRowsException tooLong(boolean unfinished) {
		return new CsvRowsException(CsvRowsException.Problem.TOO_LONG, this.recordLine, unfinished, null);
	}

	/**
	 * Counts lines, and refuses to read more than a record's worth past the last record.
	 */
	private final class Budget extends FilterReader {

		private final long allowed;

		private long line = 1;

		private long recordStartLine = -1;

		private long sinceRecord;

		Budget(Reader in, long allowed) {
			super(in);
			this.allowed = allowed;
		}

		@Override
		public int read() throws IOException {
			char[] one = new char[1];
			int n = read(one, 0, 1);
			return (n == -1) ? -1 : one[0];
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			if (this.recordStartLine != CsvRows.this.recordLine) {
				this.recordStartLine = CsvRows.this.recordLine;
				this.sinceRecord = 0;
			}
			if (this.sinceRecord >= this.allowed) {
				throw new BudgetExceeded();
			}
			int n = this.in.read(buffer, offset,
					(int) Math.min(Math.min(length, READ_AHEAD), this.allowed - this.sinceRecord));
			for (int i = offset; i < offset + n; i++) {
				if (buffer[i] == '\n') {
					this.line++;
				}
			}
			this.sinceRecord += Math.max(n, 0);
			return n;
		}

	}

	private static final class BudgetExceeded extends IOException {

		BudgetExceeded() {
			super("record too long");
		}

	}

}
