package io.deepdock.core.ml.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits free text into lower-case word tokens: runs of letters and digits; apostrophes
 * inside a word are dropped ({@code don't} becomes {@code dont}) so that spelling
 * variants meet. Deterministic and locale-independent, so that training and serving see
 * the same tokens.
 */
final class Tokenizer {

	/** Longer runs (URLs, base64, keyboard mashing) are cut to this many characters. */
	static final int MAX_TOKEN_LENGTH = 30;

	private Tokenizer() {
	}

	public static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		String lower = text.toLowerCase(Locale.ROOT);
		for (int i = 0; i < lower.length(); i++) {
			char c = lower.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				if (current.length() < MAX_TOKEN_LENGTH) {
					current.append(c);
				}
			}
			else if ((c == '\'' || c == '\u2019') && current.length() > 0 && i + 1 < lower.length()
					&& Character.isLetterOrDigit(lower.charAt(i + 1))) {
				// inside a word: skip the apostrophe, keep the word together
			}
			else if (current.length() > 0) {
				tokens.add(current.toString());
				current.setLength(0);
			}
		}
		if (current.length() > 0) {
			tokens.add(current.toString());
		}
		return tokens;
	}

	/**
	 * Tokens plus adjacent pairs joined by a space ({@code "you idiot"}), the terms a
	 * vocabulary counts.
	 */
	public static List<String> terms(String text, int maxNgram) {
		List<String> tokens = tokens(text);
		List<String> terms = new ArrayList<>(tokens);
		if (maxNgram >= 2) {
			for (int i = 0; i + 1 < tokens.size(); i++) {
				terms.add(tokens.get(i) + ' ' + tokens.get(i + 1));
			}
		}
		return terms;
	}

}
