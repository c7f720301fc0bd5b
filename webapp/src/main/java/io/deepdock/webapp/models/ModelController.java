package io.deepdock.webapp.models;

import java.util.Map;

import io.deepdock.core.models.ModelRegistry;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model registry: versions per task, promote and roll back (every web replica then
 * hot-swaps), and a user's deletion of a version they trained.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelController {

	private final ModelRegistry registry;

	private final JsonMapper json;

	private final ModelDeletion deletion;

	ModelController(ModelRegistry registry, JsonMapper json, ModelDeletion deletion) {
		this.registry = registry;
		this.json = json;
		this.deletion = deletion;
	}

	/**
	 * The user who trained a version (or an admin) deletes it: its artifact is removed
	 * and the owner's storage quota freed at once; 204. The row stays, DELETED, for the
	 * jobs and predictions that name it. Another user's is a 404; the platform's, or one
	 * an admin promoted, the admin's alone (403); an ACTIVE one, or one a queued or
	 * running job uses, a 409 ({@link ModelDeletion}).
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		this.deletion.delete(id, caller);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The task's versions, newest first unless asked otherwise, paged like every list.
	 */
	@GetMapping
	PagedModel<ModelVersionView> list(@RequestParam String task,
			@ParameterObject @Paged(sortable = { "id", "version", "status", "createdAt", "promotedAt" },
					sort = "version,desc") Pageable pageable) {
		return Pages.of(this.registry.versionsOf(task).stream().map((v) -> ModelVersionView.of(v, this.json)).toList(),
				pageable,
				Map.of("id", ModelVersionView::id, "version", ModelVersionView::version, "status",
						ModelVersionView::status, "createdAt", ModelVersionView::createdAt, "promotedAt",
						ModelVersionView::promotedAt));
	}

	@GetMapping("/{id}")
	ModelVersionView get(@PathVariable long id) {
		return this.registry.find(id)
			.map((v) -> ModelVersionView.of(v, this.json))
			.orElseThrow(() -> ProblemException.notFound("There is no model version " + id + "."));
	}

	@PostMapping("/{id}/promote")
	ModelVersionView promote(@PathVariable long id) {
		if (!this.registry.exists(id)) {
			throw ProblemException.notFound("There is no model version " + id + ".");
		}
		return ModelVersionView.of(this.registry.promote(id), this.json);
	}

	@PostMapping("/rollback")
	ModelVersionView rollback(@RequestParam String task) {
		return ModelVersionView.of(this.registry.rollback(task), this.json);
	}

}
