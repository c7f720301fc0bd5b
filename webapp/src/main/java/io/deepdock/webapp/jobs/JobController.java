package io.deepdock.webapp.jobs;

import io.deepdock.core.jobs.JobRepository;
import io.deepdock.webapp.problems.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job state for clients that poll (the live view over SSE comes with the jobs feature).
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

	private final JobRepository jobs;

	private final JsonMapper json;

	JobController(JobRepository jobs, JsonMapper json) {
		this.jobs = jobs;
		this.json = json;
	}

	@GetMapping("/{id}")
	JobView get(@PathVariable long id) {
		return this.jobs.findById(id)
			.map((job) -> JobView.of(job, this.json))
			.orElseThrow(() -> new NotFoundException("There is no job " + id + "."));
	}

	@GetMapping
	Page<JobView> list(@PageableDefault(size = 20, sort = "id", direction = Sort.Direction.DESC) Pageable pageable) {
		return this.jobs.findAll(pageable).map((job) -> JobView.of(job, this.json));
	}

}
