package io.deepdock.core.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchCsvTest {

	static final BatchLimits LIMITS = BatchLimits.defaults();

	static List<BatchItem> read(byte[] bytes, BatchLimits limits) throws IOException {
		List<BatchItem> items = new ArrayList<>();
		try (BatchCsv csv = BatchCsv.open(new ByteArrayInputStream(bytes), limits)) {
			BatchItem item;
			while ((item = csv.next()) != null) {
				items.add(item);
			}
		}
		return items;
	}

	static List<BatchItem> read(String text) throws IOException {
		return read(text.getBytes(StandardCharsets.UTF_8), LIMITS);
	}

	@Test
	void readsTheJigsawFormatNamingRowsByIdAndIgnoringLabelColumns() throws IOException {
		List<BatchItem> items = read("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
				+ "a1,\"hello, \"\"world\"\"\",0,0,0,0,0,0\n" + "a2,\"two\nlines\",1,0,0,0,0,0\n");
		assertThat(items).extracting(BatchItem::name).containsExactly("a1", "a2");
		assertThat(items).extracting(BatchItem::text).containsExactly("hello, \"world\"", "two\nlines");
	}

	@Test
	void acceptsAPlainCommentTextColumnWithABomAndCrLfNamingRowsByLine() throws IOException {
		List<BatchItem> items = read("\ufeffcomment_text\r\nfirst\r\n\r\nsécond ✓\r\n");
		assertThat(items).extracting(BatchItem::name).containsExactly("line 2", "line 4");
		assertThat(items).extracting(BatchItem::text).containsExactly("first", "sécond ✓");
	}

	@Test
	void refusesAHeaderWithoutTheTextColumn() {
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> read("id,text\n1,hello\n"))
			.withMessageContaining("no comment_text column")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	@Test
	void refusesANulCharacterThatPostgresqlCannotStoreNamingTheLine() {
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> read("comment_text\nfine\n\"bad \0 text\"\n"))
			.withMessageContaining("line 3 holds a NUL character")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	@Test
	void refusesAnEmptyFile() {
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> read(""))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.EMPTY));
	}

	@Test
	void refusesInvalidUtf8NamingTheLine() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write("comment_text\nfine\n".getBytes(StandardCharsets.UTF_8));
		// Latin-1 "café": 0xE9 followed by a newline is no UTF-8 sequence
		out.write(new byte[] { 'c', 'a', 'f', (byte) 0xe9, '\n' });
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> BatchCsv.count(new ByteArrayInputStream(out.toByteArray()), LIMITS))
			.withMessageContaining("not valid UTF-8")
			.withMessageContaining("line")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.MALFORMED));
	}

	@Test
	void refusesAOneMegabyteLine() {
		String text = "comment_text\nshort\n" + "x".repeat(1024 * 1024) + "\n";
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> read(text))
			.withMessageContaining("line 3")
			.withMessageContaining("longer than 100000")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(BatchInputException.Kind.TOO_LARGE));
	}

	@Test
	void refusesAQuoteThatNeverCloses() {
		assertThatExceptionOfType(BatchInputException.class).isThrownBy(() -> read("comment_text\n\"open\nand on\n"))
			.withMessageContaining("never closed");
	}

	@Test
	void refusesMoreRowsThanTheLimit() {
		BatchLimits two = new BatchLimits(2, DataSize.ofMegabytes(1), DataSize.ofMegabytes(10), 100, 1000, 784, 8);
		assertThatExceptionOfType(BatchInputException.class)
			.isThrownBy(() -> read("comment_text\na\nb\nc\n".getBytes(StandardCharsets.UTF_8), two))
			.withMessageContaining("more than 2 rows");
	}

	@Test
	void aRowWithTheWrongNumberOfFieldsBecomesAnErrorRow() throws IOException {
		List<BatchItem> items = read("id,comment_text\n1,fine\n2,one,too many\n3,fine too\n");
		assertThat(items).hasSize(3);
		assertThat(items.get(1).error()).contains("line 3 has 3 fields, the header has 2");
		assertThat(items.get(2).text()).isEqualTo("fine too");
	}

	@Test
	void countReadsTheWholeFile() throws IOException {
		assertThat(BatchCsv.count(new ByteArrayInputStream("comment_text\na\nb\n\nc".getBytes()), LIMITS)).isEqualTo(3);
	}

}
