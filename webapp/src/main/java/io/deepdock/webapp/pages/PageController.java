package io.deepdock.webapp.pages;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFilter;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.ml.Task;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionFilter;
import io.deepdock.core.predictions.Predictions;
import io.deepdock.webapp.paging.PagedArgumentResolver;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;

import tools.jackson.databind.json.JsonMapper;

import io.deepdock.webapp.views.RendersPages;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The browser's pages, rendered on the server with Thymeleaf. Their scripts (under
 * {@code /assets/js/}) call the same {@code /api/v1} endpoints as any API client; the
 * pages hold no inline script or style (the CSP forbids them).
 */
@RendersPages
class PageController {

	/**
	 * Rows per page of the jobs and predictions pages; a page past the last possible row
	 * (or a negative one) is a 400 page naming it, as in the API.
	 */
	static final int PAGE_SIZE = 20;

	private final Jobs jobs;

	private final ModelRegistry models;

	private final Predictions predictions;

	private final Datasets datasets;

	private final JsonMapper json;

	PageController(Jobs jobs, ModelRegistry models, Predictions predictions, Datasets datasets, JsonMapper json) {
		this.json = json;
		this.datasets = datasets;
		this.jobs = jobs;
		this.models = models;
		this.predictions = predictions;
	}

	@ModelAttribute("tasks")
	List<TaskView> tasks() {
		return Arrays.stream(Task.values()).map(TaskView::of).toList();
	}

	/**
	 * Predict: draw, upload or type, and see what the served model says. Before any
	 * drawing it says which tasks have a model and, for the others, what to do: train
	 * one, or for toxicity (no built-in dataset) upload a Jigsaw-format CSV first.
	 */
	@GetMapping("/")
	String predict(Model model) {
		Map<String, Long> trainings = new HashMap<>();
		this.jobs
			.all(new JobFilter(List.of(JobState.QUEUED, JobState.RUNNING), List.of(JobType.TRAIN), null, null)
				.specification())
			.forEach((job) -> {
				String task = taskOf(job);
				if (task != null) {
					trainings.merge(task, job.getId(), Math::min);
				}
			});
		model.addAttribute("availability", Arrays.stream(Task.values()).map((task) -> {
			TaskView view = TaskView.of(task);
			return new Availability(view, this.models.active(view.id()).orElse(null), trainings.get(view.id()),
					Arrays.stream(BuiltinDataset.values()).anyMatch((b) -> b.task().equals(view.id())));
		}).toList());
		return "predict";
	}

	private String taskOf(Job job) {
		try {
			return this.json.readTree(job.getPayload()).path("task").asString(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** The caller's jobs (an admin's: everyone's), newest first. */
	@GetMapping("/jobs")
	String jobs(@RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal DeepdockUser caller, Model model) {
		JobFilter filter = new JobFilter(null, null, null, caller.isAdmin() ? null : caller.id());
		Page<Job> found = this.jobs.page(filter.specification(),
				PagedArgumentResolver.request(page, PAGE_SIZE, Sort.by(Sort.Direction.DESC, "id")));
		model.addAttribute("jobs", found);
		// how far each running job has come (the others show their state)
		model.addAttribute("rows",
				found.getContent()
					.stream()
					.map((job) -> JobRow.of(job, taskOf(job),
							(job.getState() == JobState.RUNNING) ? this.jobs.progressOf(job.getId()) : List.of()))
					.toList());
		return "jobs";
	}

	/**
	 * One job: live curves over SSE, its state log, cancel, and the error if it failed.
	 */
	@GetMapping("/jobs/{id}")
	String job(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller, Model model) {
		Job job = this.jobs.find(id)
			.filter((candidate) -> caller.mayAccess(candidate.getOwnerId()))
			.orElseThrow(() -> ProblemException.notFound("There is no job " + id + "."));
		model.addAttribute("job", job);
		// the task, dataset, parameters, and once ended the metrics and the decision
		Long datasetId = (job.getDatasetId() != null) ? job.getDatasetId() : chosenAtSubmission(job);
		Dataset dataset = (datasetId != null) ? this.datasets.find(datasetId)
			.filter((candidate) -> candidate.getOwnerId() == null || caller.mayAccess(candidate.getOwnerId()))
			.orElse(null) : null;
		ModelVersion version = (job.getModelVersionId() != null)
				? this.models.find(job.getModelVersionId()).orElse(null) : null;
		model.addAttribute("story", JobStory.of(job, dataset, version, this.json));
		return "job";
	}

	/**
	 * The dataset a queued training's payload names (chosen at submission: the task's
	 * latest that is ready), before a worker records the one it used.
	 */
	private Long chosenAtSubmission(Job job) {
		if (job.getPayload() == null) {
			return null;
		}
		tools.jackson.databind.JsonNode id = this.json.readTree(job.getPayload()).get("datasetId");
		return (id != null && id.isIntegralNumber()) ? id.asLong() : null;
	}

	/**
	 * The model versions of every task, newest first, each as a card with its metrics,
	 * parameters, dataset, training time, decision and training curve (for the
	 * comparison).
	 */
	@GetMapping("/models")
	String models(@AuthenticationPrincipal DeepdockUser caller, Model model) {
		Map<String, List<VersionCard>> versions = new LinkedHashMap<>();
		Map<String, ModelVersion> rollbackTargets = new LinkedHashMap<>();
		for (Task task : Task.values()) {
			String id = task.name().toLowerCase(Locale.ROOT);
			List<ModelVersion> found = this.models.versionsOf(id);
			List<Long> ids = found.stream().map(ModelVersion::getId).toList();
			// the training job of each version: its time and its curve
			Map<Long, Job> trainings = new HashMap<>();
			if (!ids.isEmpty()) {
				this.jobs.trainingsOf(ids)
					.forEach((job) -> trainings.merge(job.getModelVersionId(), job,
							(a, b) -> (a.getId() > b.getId()) ? a : b));
			}
			Map<Long, Dataset> datasetsById = new HashMap<>();
			versions.put(id, found.stream().map((v) -> {
				Job job = trainings.get(v.getId());
				Dataset dataset = (v.getDatasetId() != null)
						? datasetsById.computeIfAbsent(v.getDatasetId(), (key) -> this.datasets.find(key).orElse(null))
						: null;
				if (dataset != null && dataset.getOwnerId() != null && !caller.mayAccess(dataset.getOwnerId())) {
					dataset = null;
				}
				return VersionCard.of(v, dataset, job, (job != null) ? this.jobs.progressOf(job.getId()) : List.of(),
						this.json);
			}).toList());
			VersionCard.rollbackTarget(found).ifPresent((target) -> rollbackTargets.put(id, target));
		}
		model.addAttribute("versions", versions);
		model.addAttribute("rollbackTargets", rollbackTargets);
		return "models";
	}

	/**
	 * The caller's own predictions, newest first, filtered by task, feedback and label
	 * (the pager keeps the filters).
	 */
	@GetMapping("/predictions")
	String predictions(@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String task,
			@RequestParam(required = false) String feedback, @RequestParam(required = false) String label,
			@AuthenticationPrincipal DeepdockUser caller, Model model) {
		String taskFilter = Arrays.stream(Task.values())
			.map(Task::id)
			.filter((id) -> id.equals(task))
			.findFirst()
			.orElse(null);
		Boolean feedbackFilter = switch ((feedback != null) ? feedback : "") {
			case "with" -> Boolean.TRUE;
			case "without" -> Boolean.FALSE;
			default -> null;
		};
		String labelFilter = (label != null && !label.isBlank()) ? label.strip() : null;
		Page<Prediction> found = this.predictions.page(
				new PredictionFilter(caller.id(), taskFilter, feedbackFilter, labelFilter).specification(),
				// when answered, not the id: each replica takes ids in blocks of its own
				PagedArgumentResolver.request(page, PAGE_SIZE,
						Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
		model.addAttribute("predictions", found);
		model.addAttribute("filterTask", (taskFilter != null) ? taskFilter : "");
		model.addAttribute("filterFeedback", (feedbackFilter == null) ? "" : (feedbackFilter ? "with" : "without"));
		model.addAttribute("filterLabel", (labelFilter != null) ? labelFilter : "");
		model.addAttribute("filtered", taskFilter != null || feedbackFilter != null || labelFilter != null);
		return "predictions";
	}

}
