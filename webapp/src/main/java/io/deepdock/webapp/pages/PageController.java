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
import io.deepdock.core.jobs.JobState;
import io.deepdock.core.ml.Task;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.webapp.problems.NotFoundException;
import io.deepdock.webapp.security.DeepdockUser;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
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

	private final JobRepository jobs;

	private final ModelVersionRepository models;

	private final PredictionRepository predictions;

	private final JobProgressRepository progress;

	PageController(JobRepository jobs, ModelVersionRepository models, PredictionRepository predictions,
			JobProgressRepository progress) {
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
				PageRequest.of(Math.max(page, 0), 20, Sort.by(Sort.Direction.DESC, "id")));
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
			.orElseThrow(() -> new NotFoundException("There is no job " + id + "."));
		model.addAttribute("job", job);
		return "job";
	}

	/** The model versions of every task, newest first, with metrics and decisions. */
	@GetMapping("/models")
	String models(Model model) {
		Map<String, List<ModelVersion>> versions = new LinkedHashMap<>();
		for (Task task : Task.values()) {
			String id = task.name().toLowerCase(Locale.ROOT);
			versions.put(id, this.models.findByTaskOrderByVersionDesc(id));
		}
		model.addAttribute("versions", versions);
		return "models";
	}

	/** The caller's own predictions, newest first. */
	@GetMapping("/predictions")
	String predictions(@RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal DeepdockUser caller,
			Model model) {
		Page<Prediction> found = this.predictions.findByOwnerId(caller.id(),
				PageRequest.of(Math.max(page, 0), 20, Sort.by(Sort.Direction.DESC, "id")));
		model.addAttribute("predictions", found);
		return "predictions";
	}

}
