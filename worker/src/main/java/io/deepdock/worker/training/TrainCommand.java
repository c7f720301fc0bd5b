package io.deepdock.worker.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobTrigger;
import io.deepdock.core.jobs.JobType;
import io.deepdock.core.jobs.TrainRequest;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.TrainingListener;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code ./deepdock train TASK [--epochs N] [--architecture A] [--batch-size N] [--learning-rate X] [--seed N]
 * [--augmentation true|false] [--patience N] [--validation-fraction X] [--limit N] [--dataset ID]}:
 * trains in the foreground, without the web and without taking jobs from the queues,
 * prints each epoch's metrics, and registers the version (recorded as a TRAIN job, like
 * one from the web). Imports the task's built-in dataset first when there is none.
 */
@Component
@Profile(TrainCommand.PROFILE)
class TrainCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String PROFILE = "train-command";

	private final TrainingJob training;

	private final JobRepository jobs;

	private final JobLifecycle lifecycle;

	private final DatasetRepository datasets;

	private final JsonMapper json;

	private final PrintStream out = System.out;

	private int exitCode;

	TrainCommand(TrainingJob training, JobRepository jobs, JobLifecycle lifecycle, DatasetRepository datasets,
			JsonMapper json) {
		this.training = training;
		this.jobs = jobs;
		this.lifecycle = lifecycle;
		this.datasets = datasets;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		TrainRequest request;
		try {
			request = parse(List.of(arguments.getSourceArgs()));
			request.resolveParameters();
		}
		catch (IllegalArgumentException ex) {
			this.out.println("deepdock train: " + ex.getMessage());
			this.out
				.println("usage: ./deepdock train digits|fashion [--epochs N] [--architecture small|lenet|standard] "
						+ "[--batch-size N] [--learning-rate X] [--seed N] [--augmentation true|false] [--patience N] "
						+ "[--validation-fraction X] [--limit N] [--dataset ID]");
			this.exitCode = 2;
			return;
		}
		try {
			Task task = request.resolveTask();
			if (request.datasetId() == null && this.datasets.findFirstByNameOrderByVersionDesc(task.id()).isEmpty()) {
				this.out.println("no " + task.id() + " dataset yet: the training imports the built-in one first");
			}
			Job job = this.jobs
				.save(new Job(JobType.TRAIN, JobTrigger.USER, null, this.json.writeValueAsString(request)));
			this.out.printf(Locale.ROOT, "training %s (job %d) with %s%n", task.id(), job.getId(),
					request.resolveParameters());
			job = this.lifecycle.start(job.getId(), "train-command").orElseThrow();
			String result = this.training.run(job, new Printer(this.out));
			this.lifecycle.succeed(job.getId(), result);
			this.out.println("registered: " + result);
		}
		catch (JobFailedException | InvalidTrainingParametersException ex) {
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

	/** {@code train TASK --option value ...} (also {@code --option=value}). */
	static TrainRequest parse(List<String> args) {
		List<String> words = new ArrayList<>(args);
		if (!words.isEmpty() && words.get(0).equals("train")) {
			words.remove(0);
		}
		if (words.isEmpty() || words.get(0).startsWith("--")) {
			throw new IllegalArgumentException("name a task: digits or fashion");
		}
		String task = words.remove(0);
		String architecture = null;
		Integer epochs = null;
		Integer batchSize = null;
		Double learningRate = null;
		Long seed = null;
		Boolean augmentation = null;
		Integer patience = null;
		Double validationFraction = null;
		Integer limit = null;
		Long dataset = null;
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			String name;
			String value;
			if (word.startsWith("--") && word.contains("=")) {
				name = word.substring(2, word.indexOf('='));
				value = word.substring(word.indexOf('=') + 1);
			}
			else if (word.startsWith("--") && i + 1 < words.size()) {
				name = word.substring(2);
				value = words.get(++i);
			}
			else {
				throw new IllegalArgumentException("expected --option value, got '" + word + "'");
			}
			try {
				switch (name) {
					case "epochs" -> epochs = Integer.valueOf(value);
					case "architecture" -> architecture = value;
					case "batch-size" -> batchSize = Integer.valueOf(value);
					case "learning-rate" -> learningRate = Double.valueOf(value);
					case "seed" -> seed = Long.valueOf(value);
					case "augmentation" -> augmentation = Boolean.valueOf(value);
					case "patience" -> patience = Integer.valueOf(value);
					case "validation-fraction" -> validationFraction = Double.valueOf(value);
					case "limit" -> limit = Integer.valueOf(value);
					case "dataset" -> dataset = Long.valueOf(value);
					default -> throw new IllegalArgumentException("unknown option --" + name);
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--" + name + " needs a number, got '" + value + "'");
			}
		}
		return new TrainRequest(task, dataset, new TrainRequest.Overrides(architecture, epochs, batchSize, learningRate,
				seed, augmentation, patience, validationFraction, limit), "if-none");
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
