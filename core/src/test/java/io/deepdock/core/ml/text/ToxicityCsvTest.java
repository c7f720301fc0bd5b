package io.deepdock.core.ml.text;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.data.DatasetFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToxicityCsvTest {

	private static final String HEADER = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n";

	@Test
	void readsQuotedTextsWithCommasQuotesAndLineBreaks() throws Exception {
		String csv = HEADER + "a1,\"He said \"\"hi\"\",\nthen left\",1,0,0,0,1,0\r\na2,plain text,0,0,0,0,0,0\n";

		TextSet set = ToxicityCsv.read(new StringReader(csv), 0);

		assertThat(set.ids()).containsExactly("a1", "a2");
		assertThat(set.texts().get(0)).isEqualTo("He said \"hi\",\nthen left");
		assertThat(set.label(0, 0)).isTrue();
		assertThat(set.label(0, 4)).isTrue();
		assertThat(set.label(0, 1)).isFalse();
		assertThat(set.label(1, 0)).isFalse();
	}

	@Test
	void findsColumnsByNameAndSkipsUnscoredRows() throws Exception {
		String csv = "identity_hate,insult,threat,obscene,severe_toxic,toxic,comment_text,id\n"
				+ "1,0,0,0,0,1,hello,x\n" + "-1,-1,-1,-1,-1,-1,unscored,y\n";

		TextSet set = ToxicityCsv.read(new StringReader(csv), 0);

		assertThat(set.size()).isEqualTo(1);
		assertThat(set.label(0, 5)).isTrue();
		assertThat(set.label(0, 0)).isTrue();
	}

	@Test
	void refusesAHeaderWithoutTheLabelColumns() {
		assertThatThrownBy(() -> ToxicityCsv.read(new StringReader("id,comment_text,toxic\n1,x,0\n"), 0))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("lacks columns [severe_toxic, obscene, threat, insult, identity_hate]");
	}

	@Test
	void namesTheLineOfABadLabel() {
		assertThatThrownBy(
				() -> ToxicityCsv.read(new StringReader(HEADER + "1,ok,0,0,0,0,0,0\n2,bad,2,0,0,0,0,0\n"), 0))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("line 3: toxic must be 0 or 1, was '2'");
	}

	@Test
	void refusesAnUnclosedQuote() {
		assertThatThrownBy(() -> ToxicityCsv.read(new StringReader(HEADER + "1,\"never closed,0,0,0,0,0,0\n"), 0))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("never closed");
	}

	@Test
	void refusesARowLongerThanTheRecordLimitBeforeHoldingItAll() {
		String huge = HEADER + "1,ok,0,0,0,0,0,0\n2,\"" + "x".repeat(ToxicityCsv.MAX_RECORD_LENGTH + 10);
		assertThatThrownBy(() -> ToxicityCsv.read(new StringReader(huge), 0)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining(
					"row starting on line 3 is longer than 1,000,000 characters (is a quote never closed?)");
	}

	@Test
	void tokenizesLowerCaseWordsAndKeepsContractionsTogether() {
		assertThat(Tokenizer.tokens("Don't SHOUT, you-idiot!! 42x")).containsExactly("dont", "shout", "you", "idiot",
				"42x");
		assertThat(Tokenizer.terms("will hurt you", 2)).containsExactly("will", "hurt", "you", "will hurt", "hurt you");
	}

	@Test
	void buildsTheSameVocabularyFromTheSameTexts() {
		List<String> texts = List.of("a b c", "a b", "a c", "d");

		Vocabulary vocabulary = Vocabulary.build(texts, 2, 10, 2);

		// document frequency: a 3, b 2, c 2, "a b" 2; ties alphabetical; d and "b c" seen
		// once
		assertThat(vocabulary.terms()).containsExactly("a", "a b", "b", "c");
		assertThat(vocabulary.vectorize("a a x b")).containsExactly((float) Math.log1p(2), 0f, (float) Math.log1p(1),
				0f);
	}

	@Test
	void writtenCsvReadsBackUnchanged() throws Exception {
		TextSet set = ToxicityCsv.read(new StringReader(ToxicityFixtures.csv(60, 0.05, 3)), 0);
		java.io.StringWriter out = new java.io.StringWriter();
		ToxicityCsv.write(set, out);
		TextSet back = ToxicityCsv.read(new StringReader(out.toString()), 0);
		assertThat(back.texts()).isEqualTo(set.texts());
		assertThat(back.ids()).isEqualTo(set.ids());
		assertThat(back.labels()).isEqualTo(set.labels());
	}

	@Test
	void splitHoldsOutEveryFifthLabelledAndEveryFifthCleanText() throws Exception {
		TextSet set = ToxicityCsv.read(new StringReader(ToxicityFixtures.csv(500, 0.0, 9)), 0);
		TextSet[] splits = ToxicityCsv.split(set);
		assertThat(splits[0].size() + splits[1].size()).isEqualTo(set.size());
		assertThat(splits[1].size()).isBetween(set.size() / 5 - 2, set.size() / 5 + 2);
		assertThat(labelled(splits[1])).isBetween(labelled(set) / 5 - 1, labelled(set) / 5 + 1);
		// deterministic
		assertThat(ToxicityCsv.split(set)[1].ids()).isEqualTo(splits[1].ids());
	}

	private static int labelled(TextSet set) {
		int count = 0;
		for (int i = 0; i < set.size(); i++) {
			for (int j = 0; j < set.labelCount(); j++) {
				if (set.label(i, j)) {
					count++;
					break;
				}
			}
		}
		return count;
	}

}
