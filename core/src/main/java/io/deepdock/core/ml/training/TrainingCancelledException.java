package io.deepdock.core.ml.training;

/**
 * The listener asked to stop. The checkpoint of the last finished epoch stays, so the
 * training can resume.
 */
public class TrainingCancelledException extends RuntimeException {

	private final int completedEpochs;

	public TrainingCancelledException(int completedEpochs) {
		super("training cancelled after %d completed epoch(s)".formatted(completedEpochs));
		this.completedEpochs = completedEpochs;
	}

	public int completedEpochs() {
		return this.completedEpochs;
	}

}
