package io.deepdock.core.csv;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CsvRowsTest {

	static List<List<String>> read(String text, int limit) throws IOException {
		List<List<String>> rows = new ArrayList<>();
		try (CsvRows csv = CsvRows.open(new StringReader(text), limit)) {
			List<String> row;
			while ((row = csv.next()) != null) {
				rows.add(row);
			}
		}
		return rows;
	}

	@Test
	void keepsCharactersAfterAClosingQuoteAsTheHandWrittenReadersDid() throws IOException {
		assertThat(read("\"ab\"cd,x\"y\"\n", 100)).containsExactly(List.of("abcd", "x\"y\""));
	}

	@Test
	void readsABlankLineAsOneEmptyFieldAndCountsQuotedLineBreaks() throws IOException {
		try (CsvRows csv = CsvRows.open(new StringReader("h\n\"two\nlines\"\n\nlast\n"), 100)) {
			assertThat(csv.next()).containsExactly("h");
			assertThat(csv.next()).containsExactly("two\nlines");
			assertThat(csv.recordLine()).isEqualTo(2);
			assertThat(csv.next()).containsExactly("");
			assertThat(csv.recordLine()).isEqualTo(4);
			assertThat(csv.next()).containsExactly("last");
			assertThat(csv.recordLine()).isEqualTo(5);
			assertThat(csv.next()).isNull();
		}
	}

	@Test
	void readsALoneCarriageReturnAsALineEnd() throws IOException {
		// Commons CSV's choice (old Mac line ends); the hand-written readers dropped it
		assertThat(read("a\rb\r\n", 100)).containsExactly(List.of("a"), List.of("b"));
	}

	@Test
	void refusesARecordOverTheLimitThatEndsWithinCommonsCsvBuffer() {
		assertThatExceptionOfType(CsvRowsException.class)
			.isThrownBy(() -> read("short\n" + "x".repeat(150) + "\nafter\n", 100))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(CsvRowsException.Problem.TOO_LONG))
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(2))
			.satisfies((ex) -> assertThat(ex.unfinished()).isFalse());
	}

	@Test
	void refusesAnOpenQuoteBeforeReadingTheWholeRest() {
		String rest = "x".repeat(100_000);
		assertThatExceptionOfType(CsvRowsException.class).isThrownBy(() -> read("short\n\"" + rest + "\nmore\n", 1000))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(CsvRowsException.Problem.TOO_LONG))
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(2))
			.satisfies((ex) -> assertThat(ex.unfinished()).isTrue());
	}

	@Test
	void namesTheLineOfAQuoteThatNeverCloses() {
		assertThatExceptionOfType(CsvRowsException.class).isThrownBy(() -> read("a\nb\n\"open\n", 100_000))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(CsvRowsException.Problem.QUOTE_NEVER_CLOSED))
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(3));
	}

}
