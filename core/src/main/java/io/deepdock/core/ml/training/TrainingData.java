package io.deepdock.core.ml.training;

import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.text.TextSet;

/**
 * What a training reads: a training set and a held-out test set (evaluated once, at the
 * end; never used to choose anything). Exactly one pair is present, by task kind.
 */
public record TrainingData(ImageSet trainImages, ImageSet testImages, TextSet trainTexts, TextSet testTexts) {

	public static TrainingData images(ImageSet train, ImageSet test) {
		return new TrainingData(train, test, null, null);
	}

	public static TrainingData texts(TextSet train, TextSet test) {
		return new TrainingData(null, null, train, test);
	}

	boolean isImages() {
		return this.trainImages != null;
	}

}
