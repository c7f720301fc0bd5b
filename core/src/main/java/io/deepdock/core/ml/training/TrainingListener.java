package io.deepdock.core.ml.training;

/**
 * Receives a training's progress, on the training thread (keep it quick: hand off to a
 * queue or publish an event). Also the place to ask for cancellation, checked at every
 * batch boundary.
 */
public interface TrainingListener {

	/** After every epoch, once its checkpoint is saved. */
	default void onEpoch(EpochProgress progress) {
	}

	/**
	 * Every N batches (see {@link Trainer}), with the throughput since the previous
	 * report.
	 */
	default void onBatches(BatchProgress progress) {
	}

	/**
	 * Polled at batch boundaries; return true to stop (the last checkpoint stays, so the
	 * job can resume).
	 */
	default boolean cancelRequested() {
		return false;
	}

	/** Ignores everything. */
	TrainingListener NONE = new TrainingListener() {
	};

	/**
	 * @param epoch 1-based epoch that just ended
	 * @param epochs planned epochs
	 * @param loss mean training loss over the epoch's batches
	 * @param metric what the scores measure: {@code accuracy} (images) or
	 * {@code mean_roc_auc} (text)
	 * @param trainScore the metric on a fixed sample of (unaugmented) training examples,
	 * each read alone (a Fashion model's mirrors are averaged in the test score only)
	 * @param validationScore the metric on the validation split, read the same way; null
	 * without one
	 * @param learningRate the learning rate used during this epoch
	 * @param seconds wall time of the epoch, evaluation included
	 * @param examplesPerSecond training throughput of the epoch
	 */
	record EpochProgress(int epoch, int epochs, double loss, String metric, double trainScore, Double validationScore,
			double learningRate, double seconds, double examplesPerSecond) {
	}

	/**
	 * @param epoch 1-based epoch in progress
	 * @param batch batches done in this epoch
	 * @param batches batches per epoch
	 * @param loss loss of the latest batch
	 * @param examplesPerSecond throughput since the previous report
	 */
	record BatchProgress(int epoch, int batch, int batches, double loss, double examplesPerSecond) {
	}

}
