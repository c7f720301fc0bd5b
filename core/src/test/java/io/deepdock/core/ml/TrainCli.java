package io.deepdock.core.ml;

import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.TrainingRun;

/**
 * Dev entry point for full trainings from the test classpath: same arguments as
 * {@link TrainingRun}.
 */
public final class TrainCli {

	public static void main(String[] args) throws Exception {
		try (TrainedModel model = TrainingRun.run(args, System.out)) {
			System.out.println("done: " + model.evaluation().score());
		}
	}

}
