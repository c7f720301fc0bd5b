package io.deepdock.webapp.datasets;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.datasets.DatasetTrust;
import io.deepdock.webapp.security.DeepdockUser;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.DatasetImportRequest;
import io.deepdock.core.contracts.JobType;
import io.deepdock.webapp.jobs.JobView;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Datasets: list them, queue the import of a built-in one, delete one, and (admins) mark
 * one trusted or withdraw the trust.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

	/** Body of {@code POST /api/v1/datasets/import}. */
	record ImportRequest(@NotBlank(message = "name a dataset to import: digits or fashion") String dataset) {
	}

	private final JobSubmission submission;

	private final Datasets datasets;

	private final JsonMapper json;

	private final DatasetTrust trust;

	private final DatasetDeletion deletion;

	DatasetController(JobSubmission submission, Datasets datasets, JsonMapper json, DatasetTrust trust,
			DatasetDeletion deletion) {
		this.submission = submission;
		this.datasets = datasets;
		this.json = json;
		this.trust = trust;
		this.deletion = deletion;
	}

	/**
	 * The owner (or an admin) deletes a dataset: its files are removed and the owner's
	 * storage quota is freed at once; 204. Another user's is a 404, a built-in or trusted
	 * one is the admin's alone (403), and one a queued or running job uses is a 409
	 * ({@link DatasetDeletion}).
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		this.deletion.delete(id, caller);
		return ResponseEntity.noContent().build();
	}

	/**
	 * An admin vouches for a dataset: trainings with no owner (schedules, the bootstrap)
	 * may then train on it, its models may be promoted by the retrain policy, and it may
	 * become its task's evaluation set when the task has no built-in one. Marking it
	 * again changes nothing.
	 */
	@PostMapping("/{id}/trust")
	DatasetView trust(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		requireAdmin(caller);
		try {
			return DatasetView.of(this.trust.trust(id, caller.id()), this.json);
		}
		catch (NoSuchElementException ex) {
			throw ProblemException.notFound("There is no dataset " + id + ".");
		}
	}

	/**
	 * An admin withdraws the trust: the dataset is a plain upload again (models already
	 * trained on it stay as they are). A built-in dataset is always trusted: 409.
	 */
	@DeleteMapping("/{id}/trust")
	DatasetView distrust(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		requireAdmin(caller);
		try {
			return DatasetView.of(this.trust.distrust(id, caller.id()), this.json);
		}
		catch (NoSuchElementException ex) {
			throw ProblemException.notFound("There is no dataset " + id + ".");
		}
		catch (IllegalStateException ex) {
			throw ProblemException.conflict(ex.getMessage());
		}
	}

	/**
	 * The security configuration already refuses anyone else; checked here too, so that
	 * trust never depends on one matcher alone.
	 */
	private static void requireAdmin(DeepdockUser caller) {
		if (!caller.isAdmin()) {
			throw ProblemException.forbidden("forbidden", "Forbidden", "Only an admin marks datasets trusted.");
		}
	}

	@PostMapping("/import")
	ResponseEntity<JobView> importBuiltin(@Valid @RequestBody ImportRequest request,
			@AuthenticationPrincipal DeepdockUser caller) {
		BuiltinDataset dataset = BuiltinDataset.find(request.dataset())
			.orElseThrow(() -> ProblemException.badRequest("unknown-dataset", "Unknown dataset",
					"There is no built-in dataset '" + request.dataset() + "'. Known: " + BuiltinDataset.ids() + "."));
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, caller.id(),
				this.json.writeValueAsString(DatasetImportRequest.ofBuiltin(dataset.id())));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/jobs/" + job.getId()))
			.body(JobView.of(job, this.json));
	}

	/**
	 * The built-in datasets and the caller's own (an admin sees all), paged and sorted
	 * like every list (by name, newest version first, unless asked otherwise).
	 */
	@GetMapping
	PagedModel<DatasetView> list(
			@ParameterObject @Paged(sortable = { "id", "name", "task", "version", "createdAt" },
					sort = { "name,asc", "version,desc" }) Pageable pageable,
			@AuthenticationPrincipal DeepdockUser caller) {
		List<DatasetView> visible = this.datasets.all()
			.stream()
			.filter((d) -> caller.mayRead(d.getOwnerId(), d.getOrigin() == DatasetOrigin.BUILTIN))
			.map((d) -> DatasetView.of(d, this.json))
			.toList();
		return Pages.of(visible, pageable, Map.of("id", DatasetView::id, "name", DatasetView::name, "task",
				DatasetView::task, "version", DatasetView::version, "createdAt", DatasetView::createdAt));
	}

}
