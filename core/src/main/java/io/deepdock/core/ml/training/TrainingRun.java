package io.deepdock.core.ml.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.evaluation.ClassificationReport;
import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.evaluation.MultiLabelReport;
import io.deepdock.core.ml.text.TextSet;
import io.deepdock.core.ml.text.ToxicityCsv;

/**
 * Foreground training from the command line, for {@code ./deepdock train TASK ...} (the
 * launcher calls {@link #run(String[], PrintStream)}; there is deliberately no
 * {@code main} here, so that no jar grows a second entry point). Prints per-epoch
 * metrics, the evaluation and, with {@code --out}, writes the artifact and its SHA-256.
 *
 * <pre>
 * TASK --train FILE --test FILE [--epochs N] [--batch-size N] [--learning-rate X] [--seed N]
 *      [--architecture small|lenet|standard|bow] [--augmentation true|false] [--patience N]
 *      [--validation-fraction X] [--limit N] [--checkpoint-dir DIR] [--checkpoint-key KEY] [--out FILE]
 *      [--dataset-id ID] [--parent-version ID]
 * </pre> Image tasks read {@code .ddi} image sets ({@link ImageSet}); toxicity reads
 * Jigsaw CSVs.
 */
public final class TrainingRun {

	private TrainingRun() {
	}

	/**
	 * Runs a training as the arguments say.
	 * @return the trained model (the caller closes it)
	 * @throws IllegalArgumentException for bad arguments (message says which)
	 * @throws InvalidTrainingParametersException for out-of-range parameters
	 */
	public static TrainedModel run(String[] args, PrintStream out) throws IOException {
		if (args.length == 0) {
			throw new IllegalArgumentException("usage: TASK --train FILE --test FILE [--epochs N] ...");
		}
		Task task = Task.fromId(args[0]);
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		TrainingParameters parameters = TrainingParameters.defaults(task);
		for (Map.Entry<String, String> option : options.entrySet()) {
			String v = option.getValue();
			parameters = switch (option.getKey()) {
				case "epochs" -> parameters.withEpochs(integer(option));
				case "batch-size" -> parameters.withBatchSize(integer(option));
				case "learning-rate" -> parameters.withLearningRate(Double.parseDouble(v));
				case "seed" -> parameters.withSeed(Long.parseLong(v));
				case "architecture" -> parameters.withArchitecture(v);
				case "augmentation" -> parameters.withAugmentation(Boolean.parseBoolean(v));
				case "patience" -> parameters.withEarlyStopping(integer(option), parameters.validationFraction());
				case "validation-fraction" ->
					parameters.withEarlyStopping(parameters.patience(), Double.parseDouble(v));
				case "limit" -> parameters.withTrainLimit(integer(option));
				case "train", "test", "checkpoint-dir", "checkpoint-key", "out", "dataset-id", "parent-version" ->
					parameters;
				default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
			};
		}
		parameters.validate(task);
		TrainingData data = load(task, required(options, "train"), required(options, "test"));
		CheckpointStore checkpoints = options.containsKey("checkpoint-dir")
				? CheckpointStore.directory(Path.of(options.get("checkpoint-dir"))) : CheckpointStore.NONE;
		String key = options.getOrDefault("checkpoint-key", task.id());
		out.printf(Locale.ROOT, "training %s with %s%n", task.id(), parameters);
		TrainingListener listener = new TrainingListener() {
			@Override
			public void onEpoch(EpochProgress p) {
				out.printf(Locale.ROOT,
						"epoch %d/%d  loss %.4f  train %s %.4f  validation %s  lr %.5f  %.0f s  %.0f ex/s%n", p.epoch(),
						p.epochs(), p.loss(), p.metric(), p.trainScore(),
						p.validationScore() == null ? "-" : String.format(Locale.ROOT, "%.4f", p.validationScore()),
						p.learningRate(), p.seconds(), p.examplesPerSecond());
			}
		};
		TrainedModel model = new Trainer(listener, checkpoints, key, 100).train(task, data, parameters);
		print(model, out);
		if (options.containsKey("out")) {
			Path file = Path.of(options.get("out"));
			try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file))) {
				String sha = ModelArtifacts.write(model, options.get("dataset-id"), options.get("parent-version"),
						stream);
				out.printf("artifact %s (%d bytes) sha256 %s%n", file, Files.size(file), sha);
			}
		}
		return model;
	}

	/** Prints the final figures of a training. */
	public static void print(TrainedModel model, PrintStream out) {
		Evaluation evaluation = model.evaluation();
		out.printf(Locale.ROOT, "%s: test %s %.4f after %d epoch(s) (best %d%s), %.0f s, %.0f ex/s%n",
				model.task().id(), evaluation.metric(), evaluation.score(), model.epochsRun(), model.bestEpoch(),
				model.stoppedEarly() ? ", stopped early" : "", model.trainSeconds(), model.examplesPerSecond());
		if (evaluation.classification() != null) {
			for (ClassificationReport.ClassMetrics c : evaluation.classification().perClass()) {
				out.printf(Locale.ROOT, "  %-12s precision %.3f recall %.3f f1 %.3f support %d%n", c.label(),
						c.precision(), c.recall(), c.f1(), c.support());
			}
		}
		if (evaluation.multiLabel() != null) {
			for (MultiLabelReport.LabelMetrics l : evaluation.multiLabel().perLabel()) {
				out.printf(Locale.ROOT, "  %-14s roc auc %s positives %d%n", l.label(),
						l.rocAuc() == null ? "undefined" : String.format(Locale.ROOT, "%.4f", l.rocAuc()),
						l.positives());
			}
		}
	}

	static TrainingData load(Task task, String train, String test) throws IOException {
		if (task.kind() == Task.Kind.IMAGE) {
			return TrainingData.images(readImages(Path.of(train)), readImages(Path.of(test)));
		}
		return TrainingData.texts(readTexts(Path.of(train)), readTexts(Path.of(test)));
	}

	private static ImageSet readImages(Path file) throws IOException {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			return ImageSet.read(in);
		}
	}

	private static TextSet readTexts(Path file) throws IOException {
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return ToxicityCsv.read(in, 0);
		}
	}

	private static int integer(Map.Entry<String, String> option) {
		try {
			return Integer.parseInt(option.getValue());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"--" + option.getKey() + " needs a whole number, got '" + option.getValue() + "'");
		}
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " FILE is required");
		}
		return value;
	}

}
