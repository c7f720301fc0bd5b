package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.ImageSet;

/** A dataset's train and test splits. */
public record Splits(ImageSet train, ImageSet test, String description) {

}
