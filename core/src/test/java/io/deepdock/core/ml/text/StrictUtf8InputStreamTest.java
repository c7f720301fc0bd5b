package io.deepdock.core.ml.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictUtf8InputStreamTest {

	static byte[] copy(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(bytes))) {
			in.transferTo(out);
		}
		return out.toByteArray();
	}

	@Test
	void passesUtf8ThroughUnchangedEvenWhenSequencesStraddleReads() throws IOException {
		// 3-byte and 4-byte sequences across the 8 KiB chunks and the transfer buffer
		String text = "id,comment_text\n" + "grüße € 😀 ✓\n".repeat(5000);
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		assertThat(copy(bytes)).isEqualTo(bytes);
		ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
		try (InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(bytes))) {
			int b;
			while ((b = in.read()) != -1) {
				oneByOne.write(b);
			}
		}
		assertThat(oneByOne.toByteArray()).isEqualTo(bytes);
	}

	@Test
	void refusesALatin1BodyAfterAnAsciiHeaderNamingItsLine() {
		byte[] bytes = ("id,comment_text,toxic\n" + "1,fine,0\n".repeat(3000) + "2,gr\u00fc\u00dfe,0\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(StrictUtf8InputStream.NotUtf8Exception.class).isThrownBy(() -> copy(bytes))
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(3002))
			.withMessage("not valid UTF-8 on line 3002");
	}

	@Test
	void refusesASequenceCutOffByTheEndOfTheFile() {
		byte[] euro = "a €".getBytes(StandardCharsets.UTF_8);
		byte[] cut = Arrays.copyOf(euro, euro.length - 1);
		assertThatExceptionOfType(StrictUtf8InputStream.NotUtf8Exception.class).isThrownBy(() -> copy(cut));
	}

	@Test
	void refusesOverlongAndSurrogateEncodings() {
		// '/' as an overlong 2-byte sequence, and an encoded UTF-16 surrogate
		assertThatExceptionOfType(StrictUtf8InputStream.NotUtf8Exception.class)
			.isThrownBy(() -> copy(new byte[] { 'a', (byte) 0xC0, (byte) 0xAF }));
		assertThatExceptionOfType(StrictUtf8InputStream.NotUtf8Exception.class)
			.isThrownBy(() -> copy(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }));
	}

}
