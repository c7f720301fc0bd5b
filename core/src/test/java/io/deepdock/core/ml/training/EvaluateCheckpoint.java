package io.deepdock.core.ml.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.evaluation.Evaluation;

/**
 * Dev tool: the test-set figure of a training's latest checkpoint, while it is still
 * running (the trainer itself looks at the test set only once, at the end). Arguments:
 * TASK CHECKPOINT_FILE TRAIN_FILE TEST_FILE.
 */
public final class EvaluateCheckpoint {

	public static void main(String[] args) throws Exception {
		Task task = Task.fromId(args[0]);
		Trainer.Checkpoint checkpoint = Trainer.Checkpoint.read(Files.readAllBytes(Path.of(args[1])));
		TrainingData data = TrainingRun.load(task, args[2], args[3]);
		Examples test = new ImageExamples(data.testImages(), null);
		Batcher batcher = new Batcher(test,
				new org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler(0, 1));
		Evaluation evaluation = Trainer.evaluate(task, checkpoint.network(), batcher, test);
		System.out.printf(Locale.ROOT, "%s after epoch %d: test %s %.4f%n", task.id(),
				checkpoint.state().completedEpochs(), evaluation.metric(), evaluation.score());
		checkpoint.state().history().forEach(p -> System.out.println("  " + p));
	}

}
