package io.deepdock.core.ml.text;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.deepdock.core.ml.data.DatasetFormatException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ToxicityCsv#read}'s contract on any bytes, decoded as the dataset importer
 * decodes an upload (strict UTF-8): a {@link TextSet} whose texts are at most
 * {@link ToxicityCsv#MAX_TEXT_LENGTH} long, or {@link DatasetFormatException} naming what
 * is wrong, or the decoder's {@link CharacterCodingException} (which the importer turns
 * into "not valid UTF-8"); never another exception, never an {@link OutOfMemoryError} or
 * a hang. A written set reads back unchanged. In the unit tier this replays
 * {@code ToxicityCsvFuzzTestInputs/}; the fuzz execution fuzzes it (docs/bad-inputs.md,
 * Fuzzing).
 */
class ToxicityCsvFuzzTest {

	@FuzzTest(maxDuration = "10s")
	void readsScoredTextsOrRefusesWithDatasetFormatException(byte[] bytes) throws IOException {
		TextSet set;
		try (Reader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)))) {
			set = ToxicityCsv.read(reader, 0);
		}
		catch (DatasetFormatException | CharacterCodingException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		assertThat(set.texts()).hasSameSizeAs(set.ids()).allMatch((t) -> t.length() <= ToxicityCsv.MAX_TEXT_LENGTH);
		assertThat(set.labels()).hasSize(set.size() * set.labelCount());
		for (byte label : set.labels()) {
			assertThat(label).isIn((byte) 0, (byte) 1);
		}
		java.io.StringWriter written = new java.io.StringWriter();
		ToxicityCsv.write(set, written);
		TextSet again = ToxicityCsv.read(new java.io.StringReader(written.toString()), 0);
		assertThat(again.ids()).isEqualTo(set.ids());
		assertThat(again.texts()).isEqualTo(set.texts());
		assertThat(again.labels()).isEqualTo(set.labels());
	}

}
