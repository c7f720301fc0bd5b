package io.deepdock.core.datasets;

/** A dataset's train and test splits. */
public record Splits(ImageSet train, ImageSet test, String description) {

}
