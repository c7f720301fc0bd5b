package io.deepdock.core.ml.text;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokenizer's contract on any text: lower-case tokens of letters and digits, none
 * empty or longer than {@link Tokenizer#MAX_TOKEN_LENGTH}, never an exception; its terms
 * are the tokens then the adjacent pairs. In the unit tier this replays
 * {@code TokenizerFuzzTestInputs/}; the fuzz execution fuzzes it (docs/bad-inputs.md,
 * Fuzzing).
 */
class TokenizerFuzzTest {

	@FuzzTest(maxDuration = "10s")
	void tokensAreBoundedWordsOfAnyText(FuzzedDataProvider data) {
		String text = data.consumeRemainingAsString();
		List<String> tokens = Tokenizer.tokens(text);
		for (String token : tokens) {
			assertThat(token).isNotEmpty().hasSizeLessThanOrEqualTo(Tokenizer.MAX_TOKEN_LENGTH);
			assertThat(token.chars().allMatch(Character::isLetterOrDigit)).as("letters and digits: %s", token).isTrue();
		}
		assertThat(tokens.size()).isLessThanOrEqualTo(text.length());
		List<String> terms = Tokenizer.terms(text, 2);
		assertThat(terms).hasSize(tokens.isEmpty() ? 0 : 2 * tokens.size() - 1);
		assertThat(terms.subList(0, tokens.size())).isEqualTo(tokens);
	}

}
