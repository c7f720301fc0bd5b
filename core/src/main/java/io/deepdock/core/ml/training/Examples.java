package io.deepdock.core.ml.training;

import java.util.SplittableRandom;

/**
 * A labelled set seen as rows of features, read in place from its compact source (bytes
 * for images, strings for texts): batches are filled from it on demand, so an epoch never
 * copies the whole set.
 */
interface Examples {

	int size();

	int featureSize();

	int labelCount();

	/**
	 * The class used to stratify splits (the label for images; for texts, whether any
	 * label is set).
	 */
	int stratum(int example);

	/**
	 * Writes example {@code example}'s features at {@code out[offset]}, augmented when
	 * {@code random} is not null. Image features are raw pixel values 0..255; the
	 * network's normaliser scales them.
	 */
	void features(int example, float[] out, int offset, SplittableRandom random);

	/**
	 * Writes the one-hot (single-label) or multi-hot (multi-label) target at
	 * {@code out[offset]}.
	 */
	void labels(int example, float[] out, int offset);

}
