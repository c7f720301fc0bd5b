package io.deepdock.worker.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.DatasetSourceException;
import io.deepdock.core.datasets.DatasetFile;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.contracts.DatasetImportRequest;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobCancelledException;
import io.deepdock.core.jobs.JobDeferredException;
import io.deepdock.core.jobs.JobProperties;
import io.deepdock.core.jobs.JobHandedBackException;
import io.deepdock.worker.jobs.JobStopSignal;
import io.deepdock.core.contracts.JobType;
import io.deepdock.worker.jobs.WorkerJob;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.core.media.ChecksumMismatchException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.text.TextSet;
import io.deepdock.core.ml.text.ToxicityCsv;
import io.deepdock.core.predictions.Feedback;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingCancelledException;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingListener;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.PromotionDecision;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.users.Users;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Runs a TRAIN job: loads the dataset's splits from media (checksums verified), trains
 * with per-epoch checkpoints in media (so a redelivered job resumes where it stopped),
 * writes the artifact, and registers the version READY with its evaluation. The first
 * version of a task that has no ACTIVE one is promoted, so that a fresh platform starts
 * serving as soon as it has a model.
 * <p>
 * Trust: what everyone is served is never chosen by a user. A training with no owner (a
 * schedule's, the bootstrap's) takes only trusted data (a built-in dataset, or one an
 * admin marked trusted), and only trusted corrections when its model may be promoted. A
 * version is promoted automatically only when it was trained on trusted data by the
 * platform or an admin, and a challenger replaces the champion only when it beats it on
 * the task's fixed, trusted evaluation set ({@link Datasets#evaluationSet}), never on the
 * challenger's own test split. Anything else stays READY until an admin promotes it.
 * <p>
 * Redelivery: every step after the training is done at most once however the job's
 * attempts end. The version (and a dataset that the job imports) is attached to the job
 * in the transaction that registers it; a redelivered job whose version is past TRAINING
 * (its worker died after the version was marked READY, before the job's end was recorded)
 * is not trained again: its attempt finishes what the earlier one left (the promotion
 * decision, the promotion, the checkpoint's removal) and answers with the version.
 */
@Component
class TrainingJob implements WorkerJob {

	private static final Logger log = LoggerFactory.getLogger(TrainingJob.class);

	/**
	 * How many times each user correction is repeated in the training split: a handful
	 * among thousands of images would otherwise barely count.
	 */
	static final int FEEDBACK_WEIGHT = 4;

	/** How often the trainer reports throughput, in batches. */
	private static final int REPORT_EVERY_BATCHES = 50;

	private final JobLifecycle lifecycle;

	private final Datasets datasets;

	private final ModelRegistry registry;

	private final MediaStorage media;

	private final JsonMapper json;

	private final DatasetImporter importer;

	private final JobStopSignal stopSignal;

	private final Feedback feedback;

	private final Users users;

	private final JobProperties jobs;

	private final Jobs jobViews;

	TrainingJob(JobLifecycle lifecycle, Datasets datasets, ModelRegistry registry, MediaStorage media, JsonMapper json,
			DatasetImporter importer, JobStopSignal stopSignal, Feedback feedback, Users users, JobProperties jobs,
			Jobs jobViews) {
		this.jobViews = jobViews;
		this.jobs = jobs;
		this.feedback = feedback;
		this.users = users;
		this.importer = importer;
		this.stopSignal = stopSignal;
		this.lifecycle = lifecycle;
		this.datasets = datasets;
		this.registry = registry;
		this.media = media;
		this.json = json;
	}

	@Override
	public Set<JobType> types() {
		return Set.of(JobType.TRAIN, JobType.RETRAIN);
	}

	@Override
	public String run(Job job) throws IOException {
		return run(job, TrainingListener.NONE);
	}

	/**
	 * Runs the job, also telling {@code observer} about its progress (the foreground
	 * command prints it).
	 */
	String run(Job job, TrainingListener observer) throws IOException {
		TrainRequest request = this.json.readValue(job.getPayload(), TrainRequest.class);
		Task task;
		TrainingParameters parameters;
		try {
			task = request.resolveTask();
			parameters = request.resolveParameters();
		}
		catch (InvalidTrainingParametersException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		String policy = request.promotePolicy(job.getType());
		Long datasetId = (request.datasetId() != null) ? request.datasetId() : job.getDatasetId();
		if (datasetId == null && request.importJobId() != null) {
			datasetId = importedDataset(request.importJobId(), task);
		}
		Dataset dataset = dataset(task, datasetId, job);
		this.lifecycle.attachDataset(job.getId(), dataset.getId());
		Optional<ModelVersion> trained = trainedEarlier(job);
		if (trained.isPresent()) {
			log.info("Job {}: {} v{} is {}: an earlier attempt trained it; finishing the job without training again",
					job.getId(), task.id(), trained.get().getVersion(), trained.get().getStatus());
			return finish(job, request, policy, task, dataset, trained.get(), earlierSummary(job));
		}
		if (task.kind() == Task.Kind.TEXT) {
			return train(job, request, parameters, policy, task, dataset,
					TrainingData.texts(loadTexts(dataset, "train"), loadTexts(dataset, "test")), 0, observer);
		}
		ImageSet train = load(dataset, "train");
		ImageSet test = load(dataset, "test");
		int corrections = 0;
		if (request.usesFeedback(job.getType())) {
			// claimed on the first attempt only: a resumed job trains on the same data. A
			// training that may promote by itself takes only trusted corrections; users'
			// ones reach everyone through a training an admin reviews (policy never)
			List<Feedback.Example> feedback = this.feedback.claim(job.getId(), task.id(), job.getAttempts() <= 1,
					!policy.equals("never"));
			corrections = feedback.size();
			train = Feedback.append(train, feedback, task.labels(), FEEDBACK_WEIGHT);
			if (job.getAttempts() <= 1) {
				this.lifecycle.progress(job.getId(), "feedback", null, Map.of("corrections", (double) corrections),
						corrections + " corrected predictions join the training split (each counted " + FEEDBACK_WEIGHT
								+ " times)");
			}
		}
		return train(job, request, parameters, policy, task, dataset, TrainingData.images(train, test), corrections,
				observer);
	}

	private String train(Job job, TrainRequest request, TrainingParameters parameters, String policy, Task task,
			Dataset dataset, TrainingData data, int corrections, TrainingListener observer) throws IOException {
		Optional<ModelVersion> champion = this.registry.active(task.id());
		ModelVersion version = version(job, task, dataset, champion, parameters);
		String checkpointKey = "job-" + job.getId();
		MediaCheckpointStore checkpoints = new MediaCheckpointStore(this.media);
		ProgressRelay progress = new ProgressRelay(job.getId(), this.lifecycle, observer, this.stopSignal);
		TrainedModel model;
		try {
			model = new Trainer(progress, checkpoints, checkpointKey, REPORT_EVERY_BATCHES).train(task, data,
					parameters);
		}
		catch (TrainingCancelledException ex) {
			if (this.stopSignal.isStopping() && !this.lifecycle.cancelRequested(job.getId())) {
				// the version stays TRAINING: the next worker resumes the job, and the
				// version, from the checkpoint
				throw new JobHandedBackException(
						"worker stopping: handed back, resumes from the last epoch checkpoint");
			}
			this.registry.markFailed(version.getId());
			throw new JobCancelledException("cancelled by request");
		}
		try (model) {
			StoredFile artifact = this.media.write("models/" + task.id(), "zip",
					(out) -> ModelArtifacts.write(model, dataset.getId().toString(),
							(champion.isPresent()) ? champion.get().getId().toString() : null, out));
			String metrics = this.json.writeValueAsString(model.evaluation());
			// kept before the version is READY: the attempt that finishes the job answers
			// with it, whichever attempt that is
			Map<String, Double> summary = new LinkedHashMap<>();
			summary.put("epochs", (double) model.epochsRun());
			summary.put("bestEpoch", (double) model.bestEpoch());
			summary.put("examplesPerSecond", model.examplesPerSecond());
			summary.put("corrections", (double) corrections);
			this.lifecycle.progress(job.getId(), TRAINED, null, summary,
					String.format(java.util.Locale.ROOT,
							"trained %d epochs (the weights of epoch %d kept): test %s %.4f", model.epochsRun(),
							model.bestEpoch(), model.evaluation().metric(), model.evaluation().score()));
			ModelVersion ready = this.registry.markReady(version.getId(), metrics, artifact.path(), artifact.size(),
					artifact.sha256());
			return finish(job, request, policy, task, dataset, ready, summary);
		}
	}

	/**
	 * The kind of the progress point that holds what a training did ({@link #finish}).
	 */
	static final String TRAINED = "trained";

	/**
	 * From a READY version on: the promotion decision, the promotion, the checkpoint's
	 * removal and the job's result. A step that an earlier attempt of the job did is not
	 * done again: its decision is read back, a version promoted once is not promoted
	 * again.
	 * @param summary the training's epochs, best epoch, throughput and corrections (empty
	 * when an earlier attempt did not record them)
	 */
	private String finish(Job job, TrainRequest request, String policy, Task task, Dataset dataset,
			ModelVersion version, Map<String, Double> summary) throws IOException {
		JsonNode metrics = this.json.readTree(version.getMetrics());
		String metric = metrics.path("metric").asString();
		double score = metrics.path("score").asDouble();
		boolean promoted;
		String reason;
		if (version.getDecision() == null) {
			StoredFile artifact = new StoredFile(version.getArtifactPath(), version.getArtifactSize(),
					version.getArtifactSha256());
			PromotionDecision decision = this.registry.decide(policy, request.minImprovementOrDefault(), task.id(),
					metric, score, untrusted(job, dataset), new EvaluationSetScorer(task, artifact));
			this.registry.recordDecision(version.getId(), this.json.writeValueAsString(decision));
			promoted = decision.promoted();
			reason = decision.reason();
		}
		else {
			JsonNode decision = this.json.readTree(version.getDecision());
			promoted = decision.path("promoted").asBoolean();
			reason = decision.path("reason").asString();
		}
		if (promoted && version.getPromotedAt() == null) {
			this.registry.promote(version.getId());
		}
		new MediaCheckpointStore(this.media).delete("job-" + job.getId());
		log.info("Job {} trained {} v{}: test {} {}", job.getId(), task.id(), version.getVersion(), metric, score);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("modelVersionId", version.getId());
		result.put("version", version.getVersion());
		result.put("metric", metric);
		result.put("score", score);
		if (summary.containsKey("epochs")) {
			result.put("epochs", summary.get("epochs").intValue());
			result.put("bestEpoch", summary.get("bestEpoch").intValue());
			result.put("examplesPerSecond", summary.get("examplesPerSecond"));
		}
		result.put("promoted", promoted);
		result.put("decision", reason);
		result.put("corrections", summary.getOrDefault("corrections", 0.0).intValue());
		result.put("task", task.id());
		result.put("datasetId", dataset.getId());
		result.put("datasetName", dataset.getName());
		result.put("testMetrics", metrics);
		return this.json.writeValueAsString(result);
	}

	/**
	 * The job's version when an earlier attempt got past its training, the worker having
	 * died before the job's end was recorded; empty when the job has no version yet or it
	 * is still TRAINING (the attempt resumes it from its checkpoint).
	 */
	private Optional<ModelVersion> trainedEarlier(Job job) {
		if (job.getModelVersionId() == null) {
			return Optional.empty();
		}
		ModelVersion version = this.registry.find(job.getModelVersionId())
			.orElseThrow(() -> new JobFailedException(
					"Model version " + job.getModelVersionId() + " that this training registered is gone."));
		return switch (version.getStatus()) {
			case TRAINING -> Optional.empty();
			case READY, ACTIVE, RETIRED -> Optional.of(version);
			// a version is marked FAILED only when its training is cancelled
			case FAILED -> throw new JobCancelledException("cancelled by request");
			case DELETED -> throw new JobFailedException("Version " + version.getVersion() + " of " + version.getTask()
					+ " that this training made was deleted before the job ended.");
		};
	}

	/** What the earlier attempt's training did: its {@value #TRAINED} progress point. */
	private Map<String, Double> earlierSummary(Job job) {
		List<JobProgress> points = this.jobViews.progressOf(job.getId());
		for (int i = points.size() - 1; i >= 0; i--) {
			JobProgress point = points.get(i);
			if (TRAINED.equals(point.getKind()) && point.getMetrics() != null) {
				Map<String, Double> summary = new LinkedHashMap<>();
				this.json.readTree(point.getMetrics())
					.properties()
					.forEach((entry) -> summary.put(entry.getKey(), entry.getValue().asDouble()));
				return summary;
			}
		}
		return Map.of();
	}

	/**
	 * Scores the challenger (its artifact, as stored) and the champion on the task's
	 * trusted evaluation set, for the registry's champion/challenger decision. The set is
	 * read once, when the challenger is scored.
	 */
	private final class EvaluationSetScorer implements PromotionDecision.Scorer {

		private final Task task;

		private final StoredFile artifact;

		private TrainingData evaluationData;

		EvaluationSetScorer(Task task, StoredFile artifact) {
			this.task = task;
			this.artifact = artifact;
		}

		@Override
		public Optional<Long> evaluationSetId() {
			return TrainingJob.this.datasets.evaluationSet(this.task.id()).map(Dataset::getId);
		}

		@Override
		public double challenger(long evaluationSetId) throws IOException {
			Dataset evaluation = TrainingJob.this.datasets.find(evaluationSetId).orElseThrow();
			this.evaluationData = evaluationData(this.task, evaluation);
			try (InputStream in = TrainingJob.this.media.open(this.artifact.path());
					LoadedModel loaded = ModelArtifacts.read(in, this.artifact.sha256(), this.task)) {
				return loaded.evaluate(this.evaluationData).score();
			}
		}

		@Override
		public double champion(ModelVersion champion, long evaluationSetId) throws IOException {
			try (InputStream in = TrainingJob.this.media.open(champion.getArtifactPath());
					LoadedModel loaded = ModelArtifacts.read(in, champion.getArtifactSha256(), this.task)) {
				return loaded.evaluate(this.evaluationData).score();
			}
		}

	}

	/**
	 * Why a version may not be promoted without an admin, or null when it may: it was
	 * trained by the platform or an admin, on a dataset that is trusted now (an admin may
	 * have withdrawn the trust while it trained).
	 */
	private String untrusted(Job job, Dataset dataset) {
		if (job.getOwnerId() != null && !this.users.isAdmin(job.getOwnerId())) {
			return "a user's training is never promoted for everyone by itself";
		}
		boolean trusted = this.datasets.find(dataset.getId()).map(Dataset::isTrusted).orElse(false);
		if (!trusted) {
			return "trained on dataset " + dataset.getId() + " (" + dataset.getName()
					+ "), which is not trusted (neither built in nor marked trusted by an admin)";
		}
		return null;
	}

	/** The test split of the evaluation set, as data to score a model on. */
	private TrainingData evaluationData(Task task, Dataset evaluation) throws IOException {
		if (task.kind() == Task.Kind.TEXT) {
			TextSet test = loadTexts(evaluation, "test");
			return TrainingData.texts(test, test);
		}
		ImageSet test = load(evaluation, "test");
		return TrainingData.images(test, test);
	}

	private ModelVersion version(Job job, Task task, Dataset dataset, Optional<ModelVersion> champion,
			TrainingParameters parameters) {
		// a redelivered job keeps the version it registered the first time
		if (job.getModelVersionId() != null) {
			return this.registry.find(job.getModelVersionId()).orElseThrow();
		}
		// attached in the transaction that registers it (see the class's comment)
		return this.registry.register(task.id(), dataset.getId(), champion.map(ModelVersion::getId).orElse(null),
				this.json.writeValueAsString(parameters),
				(registered) -> this.lifecycle.attachModelVersion(job.getId(), registered.getId()));
	}

	/**
	 * The dataset asked for, or else the task's newest one that the job's owner may use:
	 * a built-in one or their own upload. A job of the platform's (a scheduled
	 * retraining, the bootstrap training) takes the newest trusted one: never a user's
	 * upload that no admin vouched for.
	 */
	private Dataset dataset(Task task, Long datasetId, Job job) {
		Long ownerId = job.getOwnerId();
		Optional<Dataset> dataset;
		if (datasetId != null) {
			// who may use it was checked when the job was submitted
			dataset = this.datasets.find(datasetId);
		}
		else {
			dataset = this.datasets.trainingSet(task.id(), ownerId);
		}
		if (dataset.isEmpty() && datasetId == null) {
			// a built-in task trains on its built-in dataset: import it first (a fresh
			// platform's first training)
			dataset = importBuiltin(task, job);
		}
		Dataset found = dataset.orElseThrow(() -> new JobFailedException((datasetId != null)
				? "There is no dataset " + datasetId + "."
				: (ownerId == null)
						? "There is no trusted " + task.id() + " dataset: a training of the platform's "
								+ "takes only trusted data; an admin marks an uploaded one trusted "
								+ "(POST /api/v1/datasets/{id}/trust)."
						: "There is no " + task.id() + " dataset: upload one first" + ((task.kind() == Task.Kind.TEXT)
								? " (a Jigsaw-format CSV, POST /api/v1/datasets)." : ".")));
		if (!found.getTask().equals(task.id())) {
			throw new JobFailedException(
					"Dataset " + found.getId() + " is for " + found.getTask() + ", not " + task.id() + ".");
		}
		return found;
	}

	/**
	 * The dataset that an import made, once it has: while the import is queued or running
	 * the training is deferred (back to QUEUED, its worker slot freed) and looked at
	 * again later; a failed import fails the training, which never trains on another
	 * dataset instead.
	 */
	private long importedDataset(long importJobId, Task task) {
		Job imported = this.lifecycle.find(importJobId)
			.filter((found) -> found.getType() == JobType.IMPORT_DATASET)
			.orElseThrow(() -> new JobFailedException("There is no dataset import job " + importJobId + "."));
		String name = importName(imported);
		String what = "the import of dataset " + name + " (job " + importJobId + ")";
		if (!imported.getState().isTerminal()) {
			throw new JobDeferredException(what, this.jobs.initialBackoff());
		}
		if (imported.getState() != io.deepdock.core.contracts.JobState.SUCCEEDED || imported.getDatasetId() == null) {
			throw new JobFailedException("Nothing was trained: " + what + " ended "
					+ imported.getState().name().toLowerCase(java.util.Locale.ROOT)
					+ ((imported.getError() != null) ? " (" + imported.getError() + ")" : "")
					+ "; upload the dataset again, then train on it.");
		}
		return imported.getDatasetId();
	}

	private String importName(Job imported) {
		try {
			// the import's typed payload, as the import job itself reads it
			String name = this.json.readValue(imported.getPayload(), DatasetImportRequest.class).name();
			return (name != null) ? "'" + name + "'" : "#" + imported.getId();
		}
		catch (RuntimeException ex) {
			return "#" + imported.getId();
		}
	}

	private TextSet loadTexts(Dataset dataset, String split) throws IOException {
		DatasetFile file = dataset.file(split);
		if (file == null) {
			throw new JobFailedException("Dataset " + dataset.getId() + " has no " + split + " split.");
		}
		try {
			byte[] bytes = this.media.readVerified(file.getPath(), file.getSha256());
			return ToxicityCsv.read(new java.io.InputStreamReader(new ByteArrayInputStream(bytes),
					java.nio.charset.StandardCharsets.UTF_8), 0);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new JobFailedException("The " + split + " file of dataset " + dataset.getId()
					+ " is missing from media storage; upload the dataset again.", ex);
		}
		catch (ChecksumMismatchException ex) {
			throw new JobFailedException("The " + split + " file of dataset " + dataset.getId()
					+ " is corrupt (its checksum changed); upload the dataset again.", ex);
		}
		catch (DatasetFormatException ex) {
			throw new JobFailedException(
					"The " + split + " file of dataset " + dataset.getId() + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	private Optional<Dataset> importBuiltin(Task task, Job job) {
		Optional<BuiltinDataset> builtin = BuiltinDataset.find(task.id());
		if (builtin.isEmpty()) {
			return Optional.empty();
		}
		try {
			// attached in the transaction that registers it: a redelivery trains on it
			return Optional.of(this.importer.importBuiltin(builtin.get(), null, (step) -> log.info("{}", step),
					(imported) -> this.lifecycle.attachDataset(job.getId(), imported.getId())));
		}
		catch (DatasetSourceException | DatasetFormatException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private ImageSet load(Dataset dataset, String split) throws IOException {
		DatasetFile file = dataset.file(split);
		if (file == null) {
			throw new JobFailedException("Dataset " + dataset.getId() + " has no " + split + " split.");
		}
		try {
			return ImageSet.read(new ByteArrayInputStream(this.media.readVerified(file.getPath(), file.getSha256())));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new JobFailedException("The " + split + " file of dataset " + dataset.getId()
					+ " is missing from media storage; import the dataset again.", ex);
		}
		catch (ChecksumMismatchException ex) {
			throw new JobFailedException("The " + split + " file of dataset " + dataset.getId()
					+ " is corrupt (its checksum changed); import the dataset again.", ex);
		}
	}

	/** Relays training progress to the job's progress points and live events. */
	static final class ProgressRelay implements TrainingListener {

		private final long jobId;

		private final JobLifecycle lifecycle;

		private long lastCancelCheck;

		private final TrainingListener observer;

		private final JobStopSignal stopSignal;

		private boolean cancelled;

		ProgressRelay(long jobId, JobLifecycle lifecycle, TrainingListener observer, JobStopSignal stopSignal) {
			this.jobId = jobId;
			this.lifecycle = lifecycle;
			this.observer = observer;
			this.stopSignal = stopSignal;
		}

		@Override
		public void onEpoch(EpochProgress p) {
			this.observer.onEpoch(p);
			this.lifecycle.progress(this.jobId, "epoch", p.epoch(), epochMetrics(p), epochLine(p));
		}

		/**
		 * An epoch's figures as stored and streamed. {@code train}, {@code validation}
		 * and {@code examplesPerSecond} are the older names, kept for the pages that read
		 * them.
		 */
		static Map<String, Double> epochMetrics(EpochProgress p) {
			Map<String, Double> metrics = new LinkedHashMap<>();
			metrics.put("epochs", (double) p.epochs());
			metrics.put("loss", p.loss());
			metrics.put("trainScore", p.trainScore());
			metrics.put("train", p.trainScore());
			if (p.validationScore() != null) {
				metrics.put("validationScore", p.validationScore());
				metrics.put("validation", p.validationScore());
			}
			metrics.put("learningRate", p.learningRate());
			metrics.put("seconds", p.seconds());
			metrics.put("imagesPerSecond", p.examplesPerSecond());
			metrics.put("examplesPerSecond", p.examplesPerSecond());
			return metrics;
		}

		/**
		 * The log line of an epoch, e.g.
		 * {@code epoch 3/15: loss 0.091, accuracy 0.990, validation 0.987, 1,154 img/s}.
		 */
		static String epochLine(EpochProgress p) {
			StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
					"epoch %d/%d: loss %.3f, %s %.3f", p.epoch(), p.epochs(), p.loss(), p.metric(), p.trainScore()));
			if (p.validationScore() != null) {
				line.append(String.format(java.util.Locale.ROOT, ", validation %.3f", p.validationScore()));
			}
			line.append(String.format(java.util.Locale.ROOT, ", %,d %s/s", Math.round(p.examplesPerSecond()),
					p.metric().equals("accuracy") ? "img" : "texts"));
			return line.toString();
		}

		@Override
		public void onBatches(BatchProgress p) {
			this.observer.onBatches(p);
			this.lifecycle.events()
				.progressed(
						this.jobId, "throughput", p.epoch(), Map.of("batch", (double) p.batch(), "batches",
								(double) p.batches(), "loss", p.loss(), "examplesPerSecond", p.examplesPerSecond()),
						null);
		}

		@Override
		public boolean cancelRequested() {
			if (this.stopSignal.isStopping()) {
				return true;
			}
			long now = System.nanoTime();
			// the database is asked at most once a second, not at every batch
			if (!this.cancelled && now - this.lastCancelCheck > 1_000_000_000L) {
				this.lastCancelCheck = now;
				this.cancelled = this.lifecycle.cancelRequested(this.jobId);
			}
			return this.cancelled;
		}

	}

}
