package io.deepdock.webapp.schedules;

import java.net.URI;
import java.util.Map;

import io.deepdock.core.schedules.ScheduleSpec;
import io.deepdock.core.schedules.Schedules;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Periodic retraining, managed by administrators: each schedule fires a RETRAIN job of
 * its task (base dataset plus the feedback users gave), whose result replaces the ACTIVE
 * model only when it beats it by the schedule's minimum improvement.
 */
@RestController
@RequestMapping("/api/v1/schedules")
class ScheduleController {

	private final Schedules schedules;

	private final JsonMapper json;

	ScheduleController(Schedules schedules, JsonMapper json) {
		this.schedules = schedules;
		this.json = json;
	}

	/** Every schedule, oldest first unless asked otherwise, paged like every list. */
	@GetMapping
	PagedModel<ScheduleView> list(
			@ParameterObject @Paged(sortable = { "id", "task", "enabled", "nextFireAt", "lastFiredAt", "createdAt" },
					sort = "id,asc") Pageable pageable) {
		return Pages.of(this.schedules.list().stream().map((s) -> ScheduleView.of(s, this.json)).toList(), pageable,
				Map.of("id", ScheduleView::id, "task", ScheduleView::task, "enabled", ScheduleView::enabled,
						"nextFireAt", ScheduleView::nextFireAt, "lastFiredAt", ScheduleView::lastFiredAt, "createdAt",
						ScheduleView::createdAt));
	}

	@GetMapping("/{id}")
	ScheduleView get(@PathVariable long id) {
		return this.schedules.find(id).map((s) -> ScheduleView.of(s, this.json)).orElseThrow(() -> notFound(id));
	}

	@PostMapping
	ResponseEntity<ScheduleView> create(@RequestBody ScheduleSpec spec) {
		ScheduleView created = ScheduleView.of(this.schedules.create(spec), this.json);
		return ResponseEntity.created(URI.create("/api/v1/schedules/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	ScheduleView update(@PathVariable long id, @RequestBody ScheduleSpec spec) {
		return this.schedules.update(id, spec)
			.map((s) -> ScheduleView.of(s, this.json))
			.orElseThrow(() -> notFound(id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		if (!this.schedules.delete(id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	private static ProblemException notFound(long id) {
		return ProblemException.notFound("There is no schedule " + id + ".");
	}

}
