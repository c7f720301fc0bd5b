package io.deepdock.core.ml.artifacts;

import java.util.List;

import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.training.TrainingParameters;

/**
 * What a model artifact says about itself ({@code deepdock-metadata.json} inside the
 * zip): enough to serve it without anything else, and its lineage.
 *
 * @param format artifact format version, {@link ModelArtifacts#FORMAT}
 * @param task task id
 * @param labels output labels, in output order
 * @param inputShape shape of one input: {@code [1, 28, 28]} (channels, rows, cols) or
 * {@code [vocabularySize]}
 * @param preprocessing how raw inputs become the network's input (see
 * {@link ModelArtifacts})
 * @param vocabulary the text features (null for images)
 * @param parameters the training parameters
 * @param datasetId the data set it was trained on (as the registry names it), may be null
 * @param parentVersion the version it was retrained from, may be null
 * @param evaluation its metrics on the held-out set, scored as it predicts
 * @param mirrorAveraged true when a prediction is the mean of the network's outputs for
 * the image and its left-right mirror ({@code MirrorAveraging}); absent (null) in
 * artifacts written before it existed, which predict from the image alone
 */
public record ArtifactMetadata(int format, String task, List<String> labels, List<Integer> inputShape,
		String preprocessing, TextFeatures vocabulary, TrainingParameters parameters, String datasetId,
		String parentVersion, Evaluation evaluation, Boolean mirrorAveraged) {

	/** Whether predictions average the image's and its mirror's outputs. */
	public boolean averagesMirror() {
		return Boolean.TRUE.equals(this.mirrorAveraged);
	}

	/** A vocabulary in JSON form: {@code maxNgram} and the terms in feature order. */
	public record TextFeatures(int maxNgram, List<String> terms) {
	}

}
