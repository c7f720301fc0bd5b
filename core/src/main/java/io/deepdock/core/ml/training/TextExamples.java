package io.deepdock.core.ml.training;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.deepdock.core.ml.text.TextSet;
import io.deepdock.core.ml.text.Vocabulary;

/**
 * A {@link TextSet} as bag-of-terms rows. Each text is vectorised once into its few
 * non-zero entries (sparse), so an epoch costs neither re-tokenising nor a dense texts x
 * vocabulary matrix.
 */
final class TextExamples implements Examples {

	private final TextSet texts;

	private final int vocabularySize;

	private final int[][] indexes;

	private final float[][] values;

	TextExamples(TextSet texts, Vocabulary vocabulary) {
		this.texts = texts;
		this.vocabularySize = vocabulary.size();
		this.indexes = new int[texts.size()][];
		this.values = new float[texts.size()][];
		float[] dense = new float[this.vocabularySize];
		for (int i = 0; i < texts.size(); i++) {
			Arrays.fill(dense, 0f);
			vocabulary.vectorize(texts.texts().get(i), dense, 0);
			int nonZero = 0;
			for (float v : dense) {
				nonZero += v != 0 ? 1 : 0;
			}
			this.indexes[i] = new int[nonZero];
			this.values[i] = new float[nonZero];
			for (int j = 0, k = 0; j < dense.length; j++) {
				if (dense[j] != 0) {
					this.indexes[i][k] = j;
					this.values[i][k++] = dense[j];
				}
			}
		}
	}

	@Override
	public int size() {
		return this.texts.size();
	}

	@Override
	public int featureSize() {
		return this.vocabularySize;
	}

	@Override
	public int labelCount() {
		return this.texts.labelCount();
	}

	@Override
	public int stratum(int example) {
		for (int j = 0; j < labelCount(); j++) {
			if (this.texts.label(example, j)) {
				return 1;
			}
		}
		return 0;
	}

	@Override
	public void features(int example, float[] out, int offset, SplittableRandom random) {
		Arrays.fill(out, offset, offset + this.vocabularySize, 0f);
		int[] index = this.indexes[example];
		float[] value = this.values[example];
		for (int k = 0; k < index.length; k++) {
			out[offset + index[k]] = value[k];
		}
	}

	@Override
	public void labels(int example, float[] out, int offset) {
		for (int j = 0; j < labelCount(); j++) {
			out[offset + j] = this.texts.label(example, j) ? 1f : 0f;
		}
	}

}
