package io.deepdock.worker.imports;

import java.util.Set;

import java.io.IOException;
import java.util.Map;

import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.datasets.DatasetSourceException;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.contracts.DatasetImportRequest;
import io.deepdock.core.contracts.JobType;
import io.deepdock.worker.jobs.WorkerJob;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Runs IMPORT_DATASET jobs: imports a built-in dataset, or a toxicity CSV or a zip of
 * images in class folders that a user uploaded, into media storage and registers it. The
 * dataset is attached to the job in the transaction that registers it: a redelivery of a
 * job whose worker died after that (before the job's end was recorded) answers with that
 * dataset instead of importing a second one.
 */
@Component
class ImportJob implements WorkerJob {

	private final JobLifecycle lifecycle;

	private final DatasetImporter importer;

	private final JsonMapper json;

	private final Datasets datasets;

	ImportJob(JobLifecycle lifecycle, DatasetImporter importer, JsonMapper json, Datasets datasets) {
		this.datasets = datasets;
		this.lifecycle = lifecycle;
		this.importer = importer;
		this.json = json;
	}

	@Override
	public Set<JobType> types() {
		return Set.of(JobType.IMPORT_DATASET);
	}

	@Override
	public String run(Job job) throws IOException {
		DatasetImportRequest payload = this.json.readValue(job.getPayload(), DatasetImportRequest.class);
		if (job.getDatasetId() != null) {
			// an earlier attempt registered the dataset, then its worker died
			Dataset imported = this.datasets.find(job.getDatasetId())
				.orElseThrow(() -> new JobFailedException("Dataset " + job.getDatasetId()
						+ " that an earlier attempt of this import registered is gone; import it again."));
			this.lifecycle.progress(job.getId(), "log", null, Map.of(), "dataset " + imported.getName() + " v"
					+ imported.getVersion() + " was registered by an earlier attempt: not imported again");
			return result(imported);
		}
		if (payload.importsUpload()) {
			return importUpload(job, payload);
		}
		String name = (payload.dataset() != null) ? payload.dataset() : "";
		BuiltinDataset builtin = BuiltinDataset.find(name)
			.orElseThrow(() -> new JobFailedException(
					"There is no built-in dataset '" + name + "'. Known: " + BuiltinDataset.ids() + "."));
		Dataset dataset;
		try {
			dataset = this.importer.importBuiltin(builtin, job.getOwnerId(),
					(step) -> this.lifecycle.progress(job.getId(), "log", null, Map.of(), step), attachTo(job));
		}
		catch (DatasetSourceException | DatasetFormatException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		return result(dataset);
	}

	/** Attaches the new dataset to the job, in the transaction that registers it. */
	private java.util.function.Consumer<Dataset> attachTo(Job job) {
		return (dataset) -> this.lifecycle.attachDataset(job.getId(), dataset.getId());
	}

	private String result(Dataset dataset) {
		return this.json.writeValueAsString(
				Map.of("datasetId", dataset.getId(), "name", dataset.getName(), "version", dataset.getVersion(),
						"train", dataset.file("train").getExamples(), "test", dataset.file("test").getExamples()));
	}

	/**
	 * An uploaded toxicity CSV or image zip, streamed to media (and checked) by the web
	 * app.
	 */
	private String importUpload(Job job, DatasetImportRequest payload) throws IOException {
		Dataset dataset;
		try {
			String task = (payload.task() != null) ? payload.task() : "toxicity";
			java.util.function.Consumer<String> progress = (step) -> this.lifecycle.progress(job.getId(), "log", null,
					Map.of(), step);
			if (task.equals("toxicity")) {
				dataset = this.importer.importToxicityCsv(payload.upload(), payload.sha256(),
						(payload.name() != null) ? payload.name() : "toxicity", job.getOwnerId(), progress,
						attachTo(job));
			}
			else {
				// a zip of images in class folders (digits or fashion)
				io.deepdock.core.ml.Task imageTask;
				try {
					imageTask = io.deepdock.core.ml.Task.fromId(task);
				}
				catch (IllegalArgumentException ex) {
					throw new JobFailedException("There is no task '" + task + "'.");
				}
				dataset = this.importer.importImageZip(payload.upload(), payload.sha256(), imageTask,
						(payload.name() != null) ? payload.name() : task, job.getOwnerId(), progress, attachTo(job));
			}
		}
		catch (DatasetFormatException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new JobFailedException("The uploaded file is missing from media storage; upload it again.", ex);
		}
		return result(dataset);
	}

}
