package io.deepdock.webapp.pages;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFilter;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.webapp.security.DeepdockUser;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.deepdock.webapp.views.RendersPages;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The pages with forms that start work: Train (a TRAIN job with hyper-parameters), Batch
 * (a results CSV from a zip or a CSV) and Schedules (the admin's periodic retraining).
 * Like the other pages they only render: their scripts post to the same {@code /api/v1}
 * endpoints as any API client, so a value the API refuses is refused here for the same
 * reason, and shown next to its field.
 */
@RendersPages
class FormPagesController {

	/** How many of the caller's batch jobs the Batch page lists. */
	static final int RECENT_BATCHES = 10;

	private final Datasets datasets;

	private final Jobs jobs;

	private final JsonMapper json;

	FormPagesController(Datasets datasets, Jobs jobs, JsonMapper json) {
		this.datasets = datasets;
		this.jobs = jobs;
		this.json = json;
	}

	/** Every page's header names the caller (or offers the login). */
	@ModelAttribute("caller")
	DeepdockUser caller(@AuthenticationPrincipal DeepdockUser caller) {
		return caller;
	}

	@ModelAttribute("tasks")
	List<TaskView> tasks() {
		return Arrays.stream(Task.values()).map(TaskView::of).toList();
	}

	/**
	 * Train: the task, a dataset the caller may read (built-in or their own), and the
	 * hyper-parameters, each filled with the task's default. The defaults and the
	 * architectures of every task travel as JSON attributes, so the script can switch
	 * them with the task.
	 */
	@GetMapping("/train")
	String train(@AuthenticationPrincipal DeepdockUser caller, Model model) {
		Map<String, TrainingParameters> defaults = new LinkedHashMap<>();
		Map<String, List<String>> architectures = new LinkedHashMap<>();
		for (Task task : Task.values()) {
			defaults.put(task.id(), TrainingParameters.defaults(task));
			architectures.put(task.id(), Architecture.idsFor(task));
		}
		model.addAttribute("defaults", defaults.get(Task.DIGITS.id()));
		model.addAttribute("defaultsJson", this.json.writeValueAsString(defaults));
		model.addAttribute("architecturesJson", this.json.writeValueAsString(architectures));
		model.addAttribute("architectures", Architecture.idsFor(Task.DIGITS));
		model.addAttribute("datasets",
				this.datasets.all()
					.stream()
					.filter((d) -> caller.mayRead(d.getOwnerId(), d.getOrigin() == DatasetOrigin.BUILTIN))
					.map((d) -> new DatasetOption(d.getId(), d.getTask(),
							d.getName() + " v" + d.getVersion()
									+ ((d.getOrigin() == DatasetOrigin.BUILTIN) ? " (built-in)"
											: (caller.id() == nullToZero(d.getOwnerId())) ? " (yours)" : "")))
					.toList());
		return "train";
	}

	/** Batch: the upload form, the followed job, and the caller's recent batch jobs. */
	@GetMapping("/batch")
	String batch(@AuthenticationPrincipal DeepdockUser caller, Model model) {
		JobFilter filter = new JobFilter(null, List.of(JobType.BATCH_PREDICT), null, caller.id());
		model.addAttribute("batches",
				this.jobs
					.page(filter.specification(), PageRequest.of(0, RECENT_BATCHES, Sort.by(Sort.Direction.DESC, "id")))
					.getContent()
					.stream()
					.map(this::batchRow)
					.toList());
		return "batch";
	}

	/**
	 * Schedules are the admin's: anyone else gets a page that says so (403), not a stack
	 * trace or a blank page.
	 */
	@GetMapping("/schedules")
	String schedules(@AuthenticationPrincipal DeepdockUser caller, HttpServletResponse response, Model model) {
		if (!caller.isAdmin()) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			model.addAttribute("what", "Schedules");
			model.addAttribute("why", "Only an admin manages the periodic retraining of the shared models.");
			return "refused";
		}
		return "schedules";
	}

	private BatchRow batchRow(Job job) {
		JsonNode payload = (job.getPayload() != null) ? this.json.readTree(job.getPayload()) : null;
		return new BatchRow(job, (payload != null) ? payload.path("task").asString("") : "",
				(payload != null) ? payload.path("fileName").asString("") : "",
				(payload != null) ? payload.path("items").asInt(0) : 0);
	}

	private static long nullToZero(Long id) {
		return (id != null) ? id : 0;
	}

}
