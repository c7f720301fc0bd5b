package io.deepdock.core.ml.training;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.text.Vocabulary;

/**
 * The outcome of a training: the network (with the best validation epoch's weights when
 * early stopping was on), what it needs to read inputs, its history and its evaluation on
 * the held-out test set. Owns native memory: {@link #close()} it once written as an
 * artifact.
 *
 * @param normalizer scales raw inputs (pixels 0..255 to 0..1); null for text
 * @param vocabulary the text features; null for images
 * @param epochsRun epochs actually trained (fewer than planned when stopped early)
 * @param bestEpoch the epoch whose weights were kept (1-based)
 * @param trainSeconds wall time of the training, resumed parts included, evaluation
 * included
 * @param examplesPerSecond mean training throughput
 * @param mirrorAveraged whether it predicts the mean of an image's and its mirror's
 * outputs, as its evaluation scored it
 */
public record TrainedModel(Task task, MultiLayerNetwork network, DataNormalization normalizer, Vocabulary vocabulary,
		TrainingParameters parameters, List<TrainingListener.EpochProgress> history, Evaluation evaluation,
		int epochsRun, int bestEpoch, boolean stoppedEarly, double trainSeconds, double examplesPerSecond,
		boolean mirrorAveraged) implements AutoCloseable {

	@Override
	public void close() {
		this.network.close();
	}

}
