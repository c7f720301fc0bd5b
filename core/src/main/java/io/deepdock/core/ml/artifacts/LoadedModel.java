package io.deepdock.core.ml.artifacts;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.text.Vocabulary;

/**
 * A verified artifact in memory. Owns native memory: close it when it is no longer
 * served.
 *
 * @param sha256 the checksum it was verified against
 * @param normalizer null when the artifact has none (text)
 * @param vocabulary null for image tasks
 */
public record LoadedModel(Task task, ArtifactMetadata metadata, MultiLayerNetwork network, DataNormalization normalizer,
		Vocabulary vocabulary, String sha256) implements AutoCloseable {

	/**
	 * Scores this model on the test split of {@code data}, the way a training scores its
	 * own result: a champion and its challenger compared on the same set.
	 */
	public io.deepdock.core.ml.evaluation.Evaluation evaluate(io.deepdock.core.ml.training.TrainingData data) {
		return io.deepdock.core.ml.training.Trainer.evaluate(this.task, this.network, this.normalizer, this.vocabulary,
				this.metadata.averagesMirror(), data);
	}

	@Override
	public void close() {
		this.network.close();
	}

}
