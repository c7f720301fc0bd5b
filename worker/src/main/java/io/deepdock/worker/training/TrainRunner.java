package io.deepdock.worker.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.ml.evaluation.ClassificationReport;
import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.evaluation.MultiLabelReport;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code ./deepdock train TASK [--epochs N] [--architecture A] [--batch-size N] [--learning-rate X] [--seed N]
 * [--augmentation true|false] [--patience N] [--validation-fraction X] [--limit N] [--label-smoothing X]
 * [--dataset ID]
 * [--csv FILE]}: trains in the foreground, without the web and without taking jobs from
 * the queues, prints each epoch's metrics, and registers the version (recorded as a TRAIN
 * job, like one from the web). Imports the task's built-in dataset first when there is
 * none; for {@code toxicity}, {@code --csv} imports a Jigsaw-format CSV first, exactly as
 * an upload through the web would be (same checks, same split), marks it trusted (the
 * operator chose it), and trains on it.
 */
@Component
@Profile(TrainRunner.PROFILE)
class TrainRunner implements ApplicationRunner, ExitCodeGenerator {

	static final String PROFILE = "train-command";

	private final TrainingJob training;

	private final Jobs jobs;

	private final JobLifecycle lifecycle;

	private final Datasets datasets;

	private final JsonMapper json;

	private final DatasetImporter importer;

	private final MediaStorage media;

	private final ModelRegistry versions;

	private final PrintStream out = System.out;

	private int exitCode;

	TrainRunner(TrainingJob training, Jobs jobs, JobLifecycle lifecycle, Datasets datasets, JsonMapper json,
			DatasetImporter importer, MediaStorage media, ModelRegistry versions) {
		this.training = training;
		this.versions = versions;
		this.importer = importer;
		this.media = media;
		this.jobs = jobs;
		this.lifecycle = lifecycle;
		this.datasets = datasets;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		Parsed parsed;
		TrainRequest request;
		try {
			parsed = parseCommand(List.of(arguments.getSourceArgs()));
			request = parsed.request();
			request.resolveParameters();
		}
		catch (IllegalArgumentException ex) {
			this.out.println("deepdock train: " + ex.getMessage());
			this.out.println("usage: ./deepdock train digits|fashion|toxicity [--epochs N] "
					+ "[--architecture small|lenet|standard|bow] [--batch-size N] [--learning-rate X] [--seed N] "
					+ "[--augmentation true|false] [--patience N] [--validation-fraction X] [--limit N] "
					+ "[--label-smoothing X] [--dataset ID] [--csv FILE (toxicity)]");
			this.exitCode = 2;
			return;
		}
		try {
			Task task = request.resolveTask();
			if (parsed.csv() != null) {
				request = request.withDatasetId(importCsv(task, parsed.csv()));
			}
			if (request.datasetId() == null && this.datasets.newest(task.id()).isEmpty()) {
				this.out.println("no " + task.id() + " dataset yet: the training imports the built-in one first");
			}
			Job job = this.jobs.addUndispatched(JobType.TRAIN, JobTrigger.USER, null,
					this.json.writeValueAsString(request));
			this.out.printf(Locale.ROOT, "training %s (job %d) with %s%n", task.id(), job.getId(),
					request.resolveParameters());
			job = this.lifecycle.start(job.getId(), "train-command").orElseThrow();
			String result = this.training.run(job, new Printer(this.out));
			this.lifecycle.succeed(job.getId(), result);
			this.out.println("registered: " + result);
			this.versions.find(this.json.readTree(result).path("modelVersionId").asLong())
				.map(ModelVersion::getMetrics)
				.filter((metrics) -> metrics != null)
				.ifPresent((metrics) -> this.out.print(describe(this.json.readValue(metrics, Evaluation.class))));
		}
		catch (JobFailedException | InvalidTrainingParametersException | DatasetFormatException ex) {
			this.out.println("deepdock train: " + ex.getMessage());
			this.exitCode = 1;
		}
		catch (Exception ex) {
			this.out.println("deepdock train failed: " + ex);
			this.exitCode = 1;
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	/**
	 * Copies the CSV into media storage, as the web app's upload does, and imports it
	 * with the same checks and split.
	 * @return the new dataset's id
	 */
	private long importCsv(Task task, Path csv) throws IOException {
		if (task != Task.TOXICITY) {
			throw new IllegalArgumentException(
					"--csv is for the toxicity task; " + task.id() + " trains on its built-in dataset or --dataset ID");
		}
		if (!Files.isRegularFile(csv) || !Files.isReadable(csv)) {
			throw new DatasetFormatException("cannot read " + csv + ": no such readable file");
		}
		StoredFile stored = this.media.write("uploads/datasets", "csv", (out) -> Files.copy(csv, out));
		Dataset dataset;
		try {
			dataset = this.importer.importToxicityCsv(stored.path(), stored.sha256(), "toxicity", null,
					(step) -> this.out.println("import: " + step), (imported) -> {
					});
		}
		finally {
			// imported, the dataset's own files hold the data; refused, the copy is of no
			// use (the operator's file stays where it was)
			this.media.delete(stored.path());
		}
		// the operator at the console chose this file on the platform's own machine: it
		// is trusted as an admin's would be, so its model may become the first one served
		dataset.markTrusted(null);
		dataset = this.datasets.save(dataset);
		this.out.printf(Locale.ROOT, "imported %s as dataset %d (%d train, %d test)%n", csv, dataset.getId(),
				dataset.file("train").getExamples(), dataset.file("test").getExamples());
		return dataset.getId();
	}

	/** The test-set evaluation, one line per class or label. */
	static String describe(Evaluation evaluation) {
		StringBuilder out = new StringBuilder();
		if (evaluation.multiLabel() != null) {
			MultiLabelReport report = evaluation.multiLabel();
			out.append(String.format(Locale.ROOT, "test (%d texts): mean ROC AUC %s%n", report.examples(),
					auc(report.meanRocAuc())));
			for (MultiLabelReport.LabelMetrics label : report.perLabel()) {
				out.append(String.format(Locale.ROOT, "  %-14s ROC AUC %s  positives %d  precision %.3f  recall %.3f%n",
						label.label(), auc(label.rocAuc()), label.positives(), label.precision(), label.recall()));
			}
		}
		else if (evaluation.classification() != null) {
			ClassificationReport report = evaluation.classification();
			out.append(String.format(Locale.ROOT, "test (%d images): accuracy %.4f  macro F1 %.4f%n", report.examples(),
					report.accuracy(), report.macroF1()));
			for (ClassificationReport.ClassMetrics c : report.perClass()) {
				out.append(String.format(Locale.ROOT, "  %-12s precision %.3f  recall %.3f  F1 %.3f  support %d%n",
						c.label(), c.precision(), c.recall(), c.f1(), c.support()));
			}
		}
		return out.toString();
	}

	private static String auc(Double value) {
		return (value == null) ? "undefined (one class only)" : String.format(Locale.ROOT, "%.4f", value);
	}

	/** The training request and, for toxicity, the CSV to import first. */
	record Parsed(TrainRequest request, Path csv) {
	}

	/** {@code train TASK --option value ...} (also {@code --option=value}). */
	static TrainRequest parse(List<String> args) {
		return parseCommand(args).request();
	}

	static Parsed parseCommand(List<String> args) {
		List<String> words = new ArrayList<>(args);
		if (!words.isEmpty() && words.get(0).equals("train")) {
			words.remove(0);
		}
		if (words.isEmpty() || words.get(0).startsWith("--")) {
			throw new IllegalArgumentException("name a task: digits, fashion or toxicity");
		}
		Arguments parsed = new Arguments();
		try {
			new picocli.CommandLine(parsed).setOverwrittenOptionsAllowed(true)
				.setExpandAtFiles(false)
				.parseArgs(words.toArray(String[]::new));
		}
		catch (ParameterException ex) {
			throw new IllegalArgumentException(describe(ex), ex);
		}
		if (parsed.csv != null && parsed.dataset != null) {
			throw new IllegalArgumentException("give --csv FILE or --dataset ID, not both");
		}
		return new Parsed(
				new TrainRequest(parsed.task, parsed.dataset,
						new TrainRequest.Overrides(parsed.architecture, parsed.epochs, parsed.batchSize,
								parsed.learningRate, parsed.seed, parsed.augmentation, parsed.patience,
								parsed.validationFraction, parsed.limit, parsed.labelSmoothing),
						"if-none"),
				parsed.csv);
	}

	/** picocli's complaint in the words the usage line uses. */
	private static String describe(ParameterException ex) {
		if (ex instanceof UnmatchedArgumentException unmatched) {
			String word = unmatched.getUnmatched().get(0);
			return word.startsWith("--") ? "unknown option " + word.replaceFirst("=.*", "")
					: "expected --option value, got '" + word + "'";
		}
		if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
				&& missing.getMissing().get(0) instanceof OptionSpec option) {
			return "expected --option value, got '" + option.longestName() + "'";
		}
		if (ex.getArgSpec() instanceof OptionSpec option) {
			String expected = (option.type() == Boolean.class) ? "true or false" : "a number";
			return option.longestName() + " needs " + expected + ", got '" + ex.getValue() + "'";
		}
		return ex.getMessage();
	}

	/**
	 * {@code TASK --option value ...}; the values are checked later, with every other
	 * training request's ({@link TrainRequest#resolveParameters()}).
	 */
	@Command(name = "train")
	static final class Arguments {

		@Parameters(index = "0", paramLabel = "TASK")
		String task;

		@Option(names = "--architecture")
		String architecture;

		@Option(names = "--epochs")
		Integer epochs;

		@Option(names = "--batch-size")
		Integer batchSize;

		@Option(names = "--learning-rate")
		Double learningRate;

		@Option(names = "--seed")
		Long seed;

		@Option(names = "--augmentation", arity = "1")
		Boolean augmentation;

		@Option(names = "--patience")
		Integer patience;

		@Option(names = "--validation-fraction")
		Double validationFraction;

		@Option(names = "--limit")
		Integer limit;

		@Option(names = "--label-smoothing")
		Double labelSmoothing;

		@Option(names = "--dataset")
		Long dataset;

		@Option(names = "--csv")
		Path csv;

	}

	/** Prints each epoch as it ends, and the throughput now and then. */
	private record Printer(PrintStream out) implements TrainingListener {

		@Override
		public void onEpoch(EpochProgress p) {
			this.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  train %s %.4f  validation %s  %.0f s  %.0f img/s%n",
					p.epoch(), p.epochs(), p.loss(), p.metric(), p.trainScore(),
					(p.validationScore() == null) ? "-" : String.format(Locale.ROOT, "%.4f", p.validationScore()),
					p.seconds(), p.examplesPerSecond());
		}

	}

}
