package io.deepdock.core.ml.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terms (words and word pairs) a text model knows, in feature order. Built from the
 * training texts, saved in the model's metadata, and used unchanged at serving time: a
 * text becomes a vector of {@code log(1 + count)} per known term; unknown terms are
 * ignored. Immutable and thread-safe.
 */
public final class Vocabulary {

	private final int maxNgram;

	private final List<String> terms;

	private final Map<String, Integer> index;

	/**
	 * @param maxNgram 1 for words only, 2 for words and adjacent pairs
	 * @param terms the known terms; position = feature index
	 */
	public Vocabulary(int maxNgram, List<String> terms) {
		if (maxNgram < 1 || maxNgram > 2) {
			throw new IllegalArgumentException("maxNgram must be 1 or 2, was " + maxNgram);
		}
		this.maxNgram = maxNgram;
		this.terms = List.copyOf(terms);
		this.index = new HashMap<>(terms.size() * 2);
		for (int i = 0; i < terms.size(); i++) {
			if (this.index.put(terms.get(i), i) != null) {
				throw new IllegalArgumentException("duplicate term '" + terms.get(i) + "'");
			}
		}
	}

	/**
	 * Keeps the {@code maxSize} terms found in the most texts, each in at least
	 * {@code minDocuments} of them. Ties are broken alphabetically, so the same texts
	 * always give the same vocabulary.
	 */
	public static Vocabulary build(Iterable<String> texts, int maxNgram, int maxSize, int minDocuments) {
		Map<String, Integer> documentFrequency = new HashMap<>();
		for (String text : texts) {
			Set<String> seen = new HashSet<>(Tokenizer.terms(text, maxNgram));
			for (String term : seen) {
				documentFrequency.merge(term, 1, Integer::sum);
			}
		}
		List<String> terms = new ArrayList<>();
		documentFrequency.entrySet()
			.stream()
			.filter(e -> e.getValue() >= minDocuments)
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(maxSize)
			.forEach(e -> terms.add(e.getKey()));
		return new Vocabulary(maxNgram, terms);
	}

	public int maxNgram() {
		return this.maxNgram;
	}

	public List<String> terms() {
		return this.terms;
	}

	public int size() {
		return this.terms.size();
	}

	/** Writes the features of {@code text} into {@code out[offset .. offset+size())}. */
	public void vectorize(String text, float[] out, int offset) {
		Map<Integer, Integer> counts = new HashMap<>();
		for (String term : Tokenizer.terms(text, this.maxNgram)) {
			Integer i = this.index.get(term);
			if (i != null) {
				counts.merge(i, 1, Integer::sum);
			}
		}
		counts.forEach((i, n) -> out[offset + i] = (float) Math.log1p(n));
	}

	public float[] vectorize(String text) {
		float[] out = new float[size()];
		vectorize(text, out, 0);
		return out;
	}

}
