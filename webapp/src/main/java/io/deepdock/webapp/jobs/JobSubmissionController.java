package io.deepdock.webapp.jobs;

import java.net.URI;
import java.util.NoSuchElementException;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.ml.Task;
import tools.jackson.databind.JsonNode;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.Jobs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Submits and cancels jobs. Bodies are validated before anything is queued. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobSubmissionController {

	/**
	 * Body of {@code POST /api/v1/jobs}: a TRAIN job (imports go through
	 * {@code /api/v1/datasets/import}).
	 */
	record SubmitRequest(@NotNull(message = "must be TRAIN") JobType type, String task, Long datasetId,
			TrainRequest.Overrides parameters, String promote, Double minImprovement, Boolean feedback,
			Long importJobId) {
	}

	private final JobSubmission submission;

	private final JobLifecycle lifecycle;

	private final JsonMapper json;

	private final Jobs jobs;

	private final Datasets datasets;

	private final JobViews views;

	JobSubmissionController(JobSubmission submission, JobLifecycle lifecycle, JsonMapper json, Jobs jobs,
			Datasets datasets, JobViews views) {
		this.views = views;
		this.submission = submission;
		this.lifecycle = lifecycle;
		this.json = json;
		this.jobs = jobs;
		this.datasets = datasets;
	}

	@PostMapping
	ResponseEntity<JobView> submit(@Valid @RequestBody SubmitRequest request,
			@AuthenticationPrincipal DeepdockUser caller) {
		if (request.type() != JobType.TRAIN) {
			throw ProblemException.badRequest("unsupported-job-type", "Unsupported job type",
					"POST /api/v1/jobs takes TRAIN jobs; import datasets with POST /api/v1/datasets/import.");
		}
		if (request.datasetId() != null && request.importJobId() != null) {
			throw ProblemException.badRequest("dataset-and-import", "Dataset or import, not both",
					"Give either 'datasetId' (a dataset that is ready) or 'importJobId' (the import of a dataset "
							+ "that is still under way), not both.");
		}
		if (request.datasetId() != null && !this.datasets.find(request.datasetId())
			.filter((dataset) -> caller.mayRead(dataset.getOwnerId(), dataset.getOrigin() == DatasetOrigin.BUILTIN))
			.isPresent()) {
			throw ProblemException.notFound("There is no dataset " + request.datasetId() + ".");
		}
		TrainRequest train = new TrainRequest(request.task(), request.datasetId(), request.parameters(),
				promote(request.promote(), caller), request.minImprovement(), feedback(request.feedback(), caller),
				null);
		// validated here, so that a bad value is a 400 now rather than a FAILED job later
		Task task = train.resolveTask();
		train.resolveParameters();
		if (request.importJobId() != null) {
			Job imported = pendingImport(request, task, caller);
			train = (imported.getState() == JobState.SUCCEEDED && imported.getDatasetId() != null)
					? train.withDatasetId(imported.getDatasetId()) : train.withImportJobId(imported.getId());
		}
		else if (request.datasetId() == null) {
			// "the task's latest" is chosen now, among the datasets that are ready
			// (an import under way has no dataset yet): the job names the one it uses
			Long latest = this.datasets.trainingSet(task.id(), caller.id())
				.map(io.deepdock.core.datasets.Dataset::getId)
				.orElse(null);
			train = train.withDatasetId(latest);
		}
		Job job = this.submission.submit(JobType.TRAIN, JobTrigger.USER, caller.id(),
				this.json.writeValueAsString(train));
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.getId())).body(this.views.of(job));
	}

	/**
	 * The caller's import, still under way or done, whose dataset the training is to use:
	 * the training then waits for it rather than train on another dataset.
	 */
	private Job pendingImport(SubmitRequest request, Task task, DeepdockUser caller) {
		Job imported = this.jobs.find(request.importJobId())
			.filter((job) -> job.getType() == JobType.IMPORT_DATASET && caller.mayAccess(job.getOwnerId()))
			.orElseThrow(
					() -> ProblemException.notFound("There is no dataset import job " + request.importJobId() + "."));
		JsonNode importTask = this.json.readTree(imported.getPayload()).get("task");
		String importedFor = (importTask != null && importTask.isString()) ? importTask.asString() : null;
		if (importedFor != null && !importedFor.equals(task.id())) {
			throw ProblemException.badRequest("import-for-another-task", "Import for another task", "Import job "
					+ imported.getId() + " imports a " + importedFor + " dataset, not " + task.id() + ".");
		}
		if (imported.getState().isTerminal() && imported.getState() != JobState.SUCCEEDED) {
			throw ProblemException.conflict("The import job " + imported.getId() + " ended "
					+ imported.getState().name().toLowerCase(java.util.Locale.ROOT)
					+ ": upload the dataset again, then train on it.");
		}
		return imported;
	}

	/**
	 * Only an admin's training may be promoted by itself ({@code if-none}, the default:
	 * when the task serves nothing yet): a user's model, trained on the user's own data,
	 * never becomes what everyone is served without an admin promoting it.
	 */
	private static String promote(String requested, DeepdockUser caller) {
		if (caller.isAdmin()) {
			return requested;
		}
		if (requested != null && !requested.equals("never")) {
			throw ProblemException.forbidden("promote-admin-only", "Only an admin promotes models",
					"A user's training is never promoted by itself: leave 'promote' out (or 'never'); an admin can "
							+ "promote the version it makes.");
		}
		return "never";
	}

	/**
	 * Corrections belong to everyone's shared models: only an admin's training may claim
	 * them (a scheduled retraining does).
	 */
	private static Boolean feedback(Boolean requested, DeepdockUser caller) {
		if (Boolean.TRUE.equals(requested) && !caller.isAdmin()) {
			throw ProblemException.forbidden("feedback-admin-only", "Only an admin trains on feedback",
					"Users' corrections improve the shared models through an admin's or a schedule's retraining; "
							+ "leave 'feedback' out.");
		}
		return requested;
	}

	@PostMapping("/{id}/cancel")
	JobView cancel(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		if (!this.jobs.find(id).filter((job) -> caller.mayAccess(job.getOwnerId())).isPresent()) {
			throw ProblemException.notFound("There is no job " + id + ".");
		}
		try {
			return JobView.of(this.lifecycle.requestCancel(id), this.json);
		}
		catch (NoSuchElementException ex) {
			throw ProblemException.notFound("There is no job " + id + ".");
		}
		catch (IllegalStateException ex) {
			throw ProblemException.conflict(ex.getMessage());
		}
	}

}
