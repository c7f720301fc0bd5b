package io.deepdock.webapp.jobs;

import java.util.List;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobFilter;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Job state for clients that poll (the live view over SSE comes with the jobs feature).
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

	private final Jobs jobs;

	private final JsonMapper json;

	private final JobEventRelay relay;

	private final JobViews views;

	JobController(Jobs jobs, JsonMapper json, JobEventRelay relay, JobViews views) {
		this.views = views;
		this.jobs = jobs;
		this.json = json;
		this.relay = relay;
	}

	@GetMapping("/{id}")
	JobView get(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		return this.views.of(find(id, caller));
	}

	/**
	 * Live progress as Server-Sent Events: the stored history first, then live events
	 * until the job ends. A user holds at most
	 * {@code deepdock.events.max-streams-per-user} at once on all replicas together; one
	 * more is a 429.
	 */
	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		Job job = find(id, caller);
		return this.relay.open(job, this.jobs.progressOf(id), caller.id());
	}

	/**
	 * The caller's jobs (an admin's list holds everyone's), newest first, filtered by any
	 * of {@code state} and {@code type} (each may repeat, e.g.
	 * {@code ?state=QUEUED&state=RUNNING}) and by {@code trigger}; paged and sorted like
	 * every list.
	 */
	@GetMapping
	PagedModel<JobView> list(@RequestParam(required = false) List<JobState> state,
			@RequestParam(required = false) List<JobType> type, @RequestParam(required = false) JobTrigger trigger,
			@ParameterObject @Paged(sortable = { "id", "createdAt", "startedAt", "finishedAt", "state", "type" },
					sort = "id,desc") Pageable pageable,
			@AuthenticationPrincipal DeepdockUser caller) {
		JobFilter filter = new JobFilter(state, type, trigger, caller.isAdmin() ? null : caller.id());
		return Pages.model(this.jobs.page(filter.specification(), pageable).map(this.views::of));
	}

	/** Another user's job is "not found": its existence is not revealed. */
	private Job find(long id, DeepdockUser caller) {
		return this.jobs.find(id)
			.filter((job) -> caller.mayAccess(job.getOwnerId()))
			.orElseThrow(() -> ProblemException.notFound("There is no job " + id + "."));
	}

}
