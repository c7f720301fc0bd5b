package io.deepdock.worker.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.deepdock.core.batch.BatchInput;
import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchItem;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.contracts.BatchRequest;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.contracts.JobType;
import io.deepdock.worker.jobs.WorkerJob;
import io.deepdock.core.jobs.JobCancelledException;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobHandedBackException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.worker.jobs.JobStopSignal;
import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.CorruptArtifactException;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.ImagePreprocessor;
import io.deepdock.core.ml.inference.InvalidInputException;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.deepdock.core.predictions.PredictionRows;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a BATCH_PREDICT job: reads the uploaded zip or CSV from media one input at a time,
 * predicts in batches of {@code deepdock.batch.batch-size} with the task's ACTIVE model
 * (pinned on the job the first time it starts, so a resumed job keeps its model), inserts
 * a {@code prediction} row per predicted input (one statement and one commit per batch),
 * and writes the results CSV to media as it goes (moved into place only when complete).
 * An input that cannot be used (not an image, undecodable, an empty text) becomes an
 * error row of the CSV, not a failed job; a file that turns out to be unusable as a whole
 * (a bomb, bad UTF-8) fails the job, its finished rows kept and counted in the reason.
 *
 * <p>
 * Redelivery: the job starts over. Its prediction rows from an earlier attempt are
 * deleted first, so a batch never has two rows for one input; a 10,000-image batch takes
 * seconds to redo, which is simpler and safer than resuming mid-file.
 */
@Component
class BatchPredictionJob implements WorkerJob {

	private static final Logger log = LoggerFactory.getLogger(BatchPredictionJob.class);

	/** How many failed inputs the job's result lists (the CSV has them all). */
	private static final int ERROR_SAMPLES = 20;

	private static final long SECOND = 1_000_000_000L;

	private final JobLifecycle lifecycle;

	private final ModelRegistry registry;

	private final MediaStorage media;

	private final JsonMapper json;

	private final PredictionRows rows;

	private final TransactionTemplate transaction;

	private final BatchLimits limits;

	private final JobStopSignal stopSignal;

	BatchPredictionJob(JobLifecycle lifecycle, ModelRegistry registry, MediaStorage media, JsonMapper json,
			PredictionRows rows, PlatformTransactionManager transactions, BatchLimits limits,
			JobStopSignal stopSignal) {
		this.lifecycle = lifecycle;
		this.registry = registry;
		this.media = media;
		this.json = json;
		this.rows = rows;
		this.transaction = new TransactionTemplate(transactions);
		this.limits = limits;
		this.stopSignal = stopSignal;
	}

	@Override
	public Set<JobType> types() {
		return Set.of(JobType.BATCH_PREDICT);
	}

	@Override
	public String run(Job job) throws IOException {
		BatchRequest request;
		try {
			request = this.json.readValue(job.getPayload(), BatchRequest.class);
		}
		catch (JacksonException ex) {
			throw new JobFailedException("The job's payload is not a batch request: " + ex.getOriginalMessage(), ex);
		}
		Task task;
		try {
			task = Task.fromId(request.task());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new JobFailedException("Unknown task '" + request.task() + "'.", ex);
		}
		if (request.format() == null || request.format() != io.deepdock.core.batch.BatchFormat.of(task)) {
			throw new JobFailedException("The " + task.id() + " task takes a "
					+ io.deepdock.core.batch.BatchFormat.of(task).extension() + " file, not " + request.format() + ".");
		}
		Path input = input(request);
		ModelVersion version = model(job, task);
		int earlier = this.rows.deleteOfJob(job.getId());
		if (earlier > 0) {
			log.info("Job {}: deleted the {} predictions of an earlier attempt, starting over", job.getId(), earlier);
		}
		try (Predictor predictor = new Predictor(load(version, task))) {
			Run run = new Run(job, request, task, version, predictor, input);
			StoredFile results;
			try {
				results = this.media.write("results/" + task.id(), "csv", run::writeTo);
			}
			catch (BatchInputException ex) {
				throw new JobFailedException(ex.getMessage() + " Stopped " + run.soFar() + ".", ex);
			}
			run.report(true);
			log.info("Job {}: {} inputs ({} predicted, {} errors) in {} s, {} items/s; seconds by stage {}",
					job.getId(), run.processed, run.predicted, run.errors, String.format("%.1f", run.seconds()),
					String.format("%.0f", run.itemsPerSecond()), run.stages());
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("task", task.id());
			result.put("items", run.processed);
			result.put("predicted", run.predicted);
			result.put("errors", run.errors);
			result.put("errorSamples", run.errorSamples);
			result.put("results", results.path());
			result.put("resultsSize", results.size());
			result.put("resultsSha256", results.sha256());
			result.put("modelVersionId", version.getId());
			result.put("modelVersion", version.getVersion());
			result.put("seconds", Math.round(run.seconds() * 1000) / 1000.0);
			result.put("itemsPerSecond", Math.round(run.itemsPerSecond() * 10) / 10.0);
			result.put("secondsByStage", run.stages());
			return this.json.writeValueAsString(result);
		}
	}

	/** The uploaded file, as it was when it was accepted. */
	private Path input(BatchRequest request) throws IOException {
		Path path;
		try {
			path = this.media.resolve(request.input());
		}
		catch (MediaPathException ex) {
			throw new JobFailedException("The batch file's path is invalid: " + ex.getMessage(), ex);
		}
		if (!Files.isRegularFile(path)) {
			throw new JobFailedException(
					"The batch file " + request.input() + " is missing from media storage; upload the batch again.");
		}
		if (request.sha256() != null && !request.sha256().equalsIgnoreCase(this.media.sha256Of(request.input()))) {
			throw new JobFailedException("The batch file " + request.input()
					+ " changed since it was uploaded (checksum mismatch); upload the batch again.");
		}
		return path;
	}

	/**
	 * The model the job predicts with: the one it started with, or the task's ACTIVE
	 * version, pinned on the job.
	 */
	private ModelVersion model(Job job, Task task) {
		if (job.getModelVersionId() != null) {
			return this.registry.find(job.getModelVersionId())
				.orElseThrow(() -> new JobFailedException(
						"Model version " + job.getModelVersionId() + " that this batch started with is gone."));
		}
		ModelVersion active = this.registry.active(task.id())
			.orElseThrow(() -> new JobFailedException("There is no ACTIVE " + task.id()
					+ " model to predict with: train or promote one, then submit the batch again."));
		this.lifecycle.attachModelVersion(job.getId(), active.getId());
		return active;
	}

	private LoadedModel load(ModelVersion version, Task task) throws IOException {
		if (version.getArtifactPath() == null) {
			throw new JobFailedException(
					"Model version " + version.getVersion() + " of " + task.id() + " has no artifact.");
		}
		try (InputStream in = this.media.open(version.getArtifactPath())) {
			return ModelArtifacts.read(in, version.getArtifactSha256(), task);
		}
		catch (NoSuchFileException ex) {
			throw new JobFailedException(
					"The artifact of " + task.id() + " v" + version.getVersion() + " is missing from media storage.",
					ex);
		}
		catch (CorruptArtifactException ex) {
			throw new JobFailedException(
					"The artifact of " + task.id() + " v" + version.getVersion() + " is refused: " + ex.getMessage(),
					ex);
		}
	}

	/** One attempt at a job: its counters and its way through the file. */
	private final class Run {

		private final Job job;

		private final BatchRequest request;

		private final Task task;

		private final ModelVersion version;

		private final Predictor predictor;

		private final Path input;

		private final long started = System.nanoTime();

		private long lastCancelCheck = this.started - 2 * SECOND;

		private long lastReport = this.started;

		int processed;

		int predicted;

		int errors;

		/** Nanoseconds spent reading, preprocessing, predicting and storing. */
		long reading;

		long preprocessing;

		long predicting;

		long storing;

		final List<Map<String, String>> errorSamples = new ArrayList<>();

		Run(Job job, BatchRequest request, Task task, ModelVersion version, Predictor predictor, Path input) {
			this.job = job;
			this.request = request;
			this.task = task;
			this.version = version;
			this.predictor = predictor;
			this.input = input;
		}

		void writeTo(OutputStream out) throws IOException {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
			ResultsCsv csv = new ResultsCsv(writer, this.task);
			csv.header();
			int size = BatchPredictionJob.this.limits.batchSize();
			try (BatchInput items = this.request.format().open(this.input, BatchPredictionJob.this.limits)) {
				List<BatchItem> batch = new ArrayList<>(size);
				boundary();
				BatchItem item;
				long read = System.nanoTime();
				while ((item = items.next()) != null) {
					this.reading += System.nanoTime() - read;
					batch.add(item);
					if (batch.size() == size) {
						process(batch, csv);
						batch.clear();
						boundary();
					}
					read = System.nanoTime();
				}
				if (!batch.isEmpty()) {
					process(batch, csv);
				}
			}
			writer.flush();
		}

		/**
		 * Between two batches: a stopping worker hands the job back, a cancel request
		 * ends it (the database is asked at most once a second).
		 */
		private void boundary() {
			if (BatchPredictionJob.this.stopSignal.isStopping()) {
				throw new JobHandedBackException("worker stopping: handed back, the next worker starts the batch over");
			}
			long now = System.nanoTime();
			if (now - this.lastCancelCheck > SECOND) {
				this.lastCancelCheck = now;
				if (BatchPredictionJob.this.lifecycle.cancelRequested(this.job.getId())) {
					throw new JobCancelledException("cancelled by request " + soFar());
				}
			}
			report(false);
		}

		private void process(List<BatchItem> batch, ResultsCsv csv) throws IOException {
			long begin = System.nanoTime();
			int n = batch.size();
			String[] failures = new String[n];
			List<float[]> rows = new ArrayList<>(n);
			List<Integer> positions = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				BatchItem item = batch.get(i);
				if (item.failed()) {
					failures[i] = item.error();
					continue;
				}
				try {
					rows.add(features(item));
					positions.add(i);
				}
				catch (InvalidInputException ex) {
					failures[i] = ex.getMessage();
				}
			}
			long preprocessed = System.nanoTime();
			this.preprocessing += preprocessed - begin;
			List<Classification> predictions = rows.isEmpty() ? List.of() : this.predictor.predictRows(rows);
			long predicted = System.nanoTime();
			this.predicting += predicted - preprocessed;
			long micros = (predicted - begin) / 1000 / n;
			Classification[] byPosition = new Classification[n];
			long[] ids = new long[n];
			if (!predictions.isEmpty()) {
				List<Long> block = BatchPredictionJob.this.rows.reserveIds(predictions.size());
				int m = predictions.size();
				List<PredictionRows.NewPrediction> records = new ArrayList<>(m);
				for (int k = 0; k < m; k++) {
					int i = positions.get(k);
					Classification prediction = predictions.get(k);
					BatchItem item = batch.get(i);
					byPosition[i] = prediction;
					ids[i] = block.get(k);
					// an image's 28x28 features, so that feedback on a batch row can be
					// learnt by a retraining like an online one
					records.add(new PredictionRows.NewPrediction(ids[i], this.task.id(), this.job.getOwnerId(),
							this.version.getId(), this.job.getId(), this.request.input(), null, micros, item.text(),
							item.name(), prediction.label(),
							BatchPredictionJob.this.json.writeValueAsString(prediction.probabilities()),
							(this.task.kind() == Task.Kind.IMAGE) ? PredictionRows.pixelBytes(rows.get(k)) : null,
							null));
				}
				BatchPredictionJob.this.transaction
					.executeWithoutResult((status) -> BatchPredictionJob.this.rows.insert(records));
			}
			this.storing += System.nanoTime() - predicted;
			for (int i = 0; i < n; i++) {
				String name = batch.get(i).name();
				if (byPosition[i] != null) {
					csv.prediction(name, ids[i], byPosition[i]);
				}
				else {
					csv.error(name, failures[i]);
					this.errors++;
					if (this.errorSamples.size() < ERROR_SAMPLES) {
						this.errorSamples.add(Map.of("input", name, "error", String.valueOf(failures[i])));
					}
				}
			}
			this.processed += n;
			this.predicted += predictions.size();
		}

		/** Seconds spent in each stage (the rest: progress, cancel checks, the CSV). */
		Map<String, Double> stages() {
			Map<String, Double> stages = new LinkedHashMap<>();
			stages.put("reading", Math.round(this.reading / 1e6) / 1000.0);
			stages.put("preprocessing", Math.round(this.preprocessing / 1e6) / 1000.0);
			stages.put("predicting", Math.round(this.predicting / 1e6) / 1000.0);
			stages.put("storing", Math.round(this.storing / 1e6) / 1000.0);
			return stages;
		}

		private float[] features(BatchItem item) {
			if (this.task.kind() == Task.Kind.IMAGE) {
				return ImagePreprocessor.preprocess(item.image(), this.task,
						BatchPredictionJob.this.limits.maxImagePixels());
			}
			return this.predictor.features(item.text());
		}

		/** Publishes (and stores) the progress, at most once a second unless final. */
		void report(boolean last) {
			long now = System.nanoTime();
			if (!last && now - this.lastReport < SECOND) {
				return;
			}
			this.lastReport = now;
			Map<String, Double> metrics = new LinkedHashMap<>();
			metrics.put("processed", (double) this.processed);
			metrics.put("total", (double) this.request.items());
			metrics.put("predicted", (double) this.predicted);
			metrics.put("errors", (double) this.errors);
			metrics.put("itemsPerSecond", itemsPerSecond());
			BatchPredictionJob.this.lifecycle.progress(this.job.getId(), "batch", null, metrics,
					"%d of %d inputs".formatted(this.processed, this.request.items()));
		}

		double seconds() {
			return (System.nanoTime() - this.started) / 1e9;
		}

		double itemsPerSecond() {
			double seconds = seconds();
			return (seconds > 0) ? this.processed / seconds : 0;
		}

		/** What was done before the job stopped. */
		String soFar() {
			return "after %d of %d inputs (%d predicted and kept, %d errors)".formatted(this.processed,
					this.request.items(), this.predicted, this.errors);
		}

	}

}
