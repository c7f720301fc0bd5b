package io.deepdock.webapp.pages;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFilter;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.ml.Task;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionFilter;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.webapp.models.EvaluationView;
import io.deepdock.webapp.paging.PagedArgumentResolver;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
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
@Controller
class PageController {

	/**
	 * Rows per page of the jobs and predictions pages; a page past the last possible row
	 * (or a negative one) is a 400 page naming it, as in the API.
	 */
	static final int PAGE_SIZE = 20;

	private final JobRepository jobs;

	private final ModelVersionRepository models;

	private final PredictionRepository predictions;

	private final JobProgressRepository progress;

	private final JsonMapper json;

	PageController(JobRepository jobs, ModelVersionRepository models, PredictionRepository predictions,
			JobProgressRepository progress, JsonMapper json) {
		this.json = json;
		this.jobs = jobs;
		this.models = models;
		this.predictions = predictions;
		this.progress = progress;
	}

	@ModelAttribute("tasks")
	List<TaskView> tasks() {
		return Arrays.stream(Task.values()).map(TaskView::of).toList();
	}

	/** Predict: draw, upload or type, and see what the served model says. */
	@GetMapping("/")
	String predict() {
		return "predict";
	}

	/** The caller's jobs (an admin's: everyone's), newest first. */
	@GetMapping("/jobs")
	String jobs(@RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal DeepdockUser caller, Model model) {
		JobFilter filter = new JobFilter(null, null, null, caller.isAdmin() ? null : caller.id());
		Page<Job> found = this.jobs.findAll(filter.specification(),
				PagedArgumentResolver.request(page, PAGE_SIZE, Sort.by(Sort.Direction.DESC, "id")));
		model.addAttribute("jobs", found);
		// how far each running job has come (the others show their state)
		model.addAttribute("rows",
				found.getContent()
					.stream()
					.map((job) -> JobRow.of(job,
							(job.getState() == JobState.RUNNING) ? this.progress.findByJobIdOrderByIdAsc(job.getId())
									: List.of()))
					.toList());
		return "jobs";
	}

	/**
	 * One job: live curves over SSE, its state log, cancel, and the error if it failed.
	 */
	@GetMapping("/jobs/{id}")
	String job(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller, Model model) {
		Job job = this.jobs.findById(id)
			.filter((candidate) -> caller.mayAccess(candidate.getOwnerId()))
			.orElseThrow(() -> ProblemException.notFound("There is no job " + id + "."));
		model.addAttribute("job", job);
		return "job";
	}

	/** The model versions of every task, newest first, with metrics and decisions. */
	@GetMapping("/models")
	String models(Model model) {
		Map<String, List<ModelVersion>> versions = new LinkedHashMap<>();
		Map<String, List<EvaluationView>> evaluations = new LinkedHashMap<>();
		for (Task task : Task.values()) {
			String id = task.name().toLowerCase(Locale.ROOT);
			List<ModelVersion> found = this.models.findByTaskOrderByVersionDesc(id);
			versions.put(id, found);
			// the confusion heat-map (images) or AUC bars (toxicity) of each evaluated
			// version, newest first
			evaluations.put(id,
					found.stream()
						.map((v) -> EvaluationView.of(v.getId(), v.getVersion(), v.getMetrics(), this.json))
						.filter(java.util.Objects::nonNull)
						.toList());
		}
		model.addAttribute("versions", versions);
		model.addAttribute("evaluations", evaluations);
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
		Page<Prediction> found = this.predictions.findAll(
				new PredictionFilter(caller.id(), taskFilter, feedbackFilter, labelFilter).specification(),
				PagedArgumentResolver.request(page, PAGE_SIZE, Sort.by(Sort.Direction.DESC, "id")));
		model.addAttribute("predictions", found);
		model.addAttribute("filterTask", (taskFilter != null) ? taskFilter : "");
		model.addAttribute("filterFeedback", (feedbackFilter == null) ? "" : (feedbackFilter ? "with" : "without"));
		model.addAttribute("filterLabel", (labelFilter != null) ? labelFilter : "");
		model.addAttribute("filtered", taskFilter != null || feedbackFilter != null || labelFilter != null);
		return "predictions";
	}

}
