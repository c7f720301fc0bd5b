package io.deepdock.webapp.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;

import io.deepdock.core.batch.BatchFormat;
import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.contracts.BatchRequest;
import io.deepdock.core.batch.BatchZip;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.serving.NoModelException;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.webapp.media.MediaDownloads;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.core.retention.RetentionProperties;
import io.deepdock.webapp.security.DeepdockUser;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Batch predictions: {@code POST /api/v1/jobs/batch} takes a zip of images (digits,
 * fashion) or a CSV of texts (toxicity) and queues a BATCH_PREDICT job; {@code GET
 * /api/v1/jobs/{id}/result} downloads its results CSV (through the media role behind
 * nginx).
 *
 * <p>
 * The upload never sits in memory: Tomcat spools the multipart part to disk (any part
 * above {@code file-size-threshold}, 64 KB), it is copied to media storage as a stream,
 * and checked there as cheaply as the format allows (a zip by its central directory,
 * without inflating anything; a CSV read once, without keeping its texts). A refused file
 * is deleted again, so nothing half-written stays behind. A task without an ACTIVE model
 * is refused up front (503, as online prediction does), because the job would only fail.
 */
@RestController
@RequestMapping("/api/v1/jobs")
class BatchJobController {

	private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

	private final JobSubmission submission;

	private final Jobs jobs;

	private final ModelRegistry registry;

	private final MediaStorage media;

	private final BatchLimits limits;

	private final JsonMapper json;

	private final MediaDownloads downloads;

	private final Quotas quotas;

	private final RetentionProperties retention;

	private final BatchResultDeletion deletion;

	BatchJobController(JobSubmission submission, Jobs jobs, ModelRegistry registry, MediaStorage media,
			BatchLimits limits, JsonMapper json, MediaDownloads downloads, Quotas quotas, RetentionProperties retention,
			BatchResultDeletion deletion) {
		this.deletion = deletion;
		this.retention = retention;
		this.quotas = quotas;
		this.submission = submission;
		this.jobs = jobs;
		this.registry = registry;
		this.media = media;
		this.limits = limits;
		this.json = json;
		this.downloads = downloads;
	}

	@PostMapping(path = "/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<JobView> submit(@RequestParam("task") String task, @RequestParam("file") MultipartFile file,
			@AuthenticationPrincipal DeepdockUser caller) throws IOException {
		Task resolved = task(task);
		if (file.isEmpty()) {
			throw new BatchInputException(BatchInputException.Kind.EMPTY, "The uploaded file is empty.");
		}
		if (this.registry.active(resolved.id()).isEmpty()) {
			throw new NoModelException(resolved.id());
		}
		BatchFormat format = BatchFormat.of(resolved);
		byte[] head;
		try (InputStream in = file.getInputStream()) {
			head = in.readNBytes(8);
		}
		checkFormat(resolved, format, head);
		// before anything is copied to media: a refused upload stores nothing
		this.quotas.checkUpload(caller.id(), file.getSize());
		StoredFile stored = this.media.write("batches/" + resolved.id(), format.extension(), (out) -> {
			try (InputStream in = file.getInputStream()) {
				in.transferTo(out);
			}
		});
		int items;
		try {
			items = format.inspect(this.media.resolve(stored.path()), this.limits);
			if (items == 0) {
				throw new BatchInputException(BatchInputException.Kind.EMPTY,
						"The " + format.extension() + " holds no inputs.");
			}
		}
		catch (IOException | RuntimeException ex) {
			this.media.delete(stored.path());
			throw ex;
		}
		BatchRequest request = new BatchRequest(resolved.id(), format, stored.path(),
				displayName(file.getOriginalFilename()), stored.size(), stored.sha256(), items);
		Job job = FileJobs.submit(this.submission, this.media, stored, JobType.BATCH_PREDICT, caller.id(),
				this.json.writeValueAsString(request));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/jobs/" + job.getId()))
			.body(JobView.of(job, this.json));
	}

	/**
	 * The results CSV of a batch job that succeeded, to its owner or an admin: behind
	 * nginx an {@code X-Accel-Redirect} that the media role serves, else streamed
	 * ({@link MediaDownloads}).
	 */
	@GetMapping("/{id}/result")
	ResponseEntity<Resource> result(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		// another user's job is "not found": its existence is not revealed
		Job job = this.jobs.find(id)
			.filter((found) -> caller.mayAccess(found.getOwnerId()))
			.orElseThrow(() -> ProblemException.notFound("There is no job " + id + "."));
		if (job.getType() != JobType.BATCH_PREDICT) {
			throw ProblemException
				.notFound("Job " + id + " is a " + job.getType() + " job; only batch predictions have a results file.");
		}
		if (job.getState() != JobState.SUCCEEDED) {
			throw ProblemException.conflict("Job " + id + " is " + job.getState()
					+ ((job.getState().isTerminal())
							? ((job.getError() != null) ? " (" + job.getError() + ")" : "")
									+ "; it has no results file."
							: "; its results file is ready once it has SUCCEEDED."));
		}
		if (job.getResultDeletedAt() != null) {
			throw ProblemException.gone("results-expired", "Results expired",
					"The results file of job " + id + " was deleted by its owner on " + job.getResultDeletedAt()
							+ "; its predictions are still listed under /api/v1/predictions. Submit the batch again "
							+ "for a new file.");
		}
		if (job.getResultExpiredAt() != null) {
			throw ProblemException.gone("results-expired", "Results expired",
					"The results file of job " + id + " was removed on " + job.getResultExpiredAt()
							+ " (results are kept for " + this.retention.results()
							+ "); its predictions are still listed under /api/v1/predictions. Submit the batch "
							+ "again for a new file.");
		}
		String path = (job.getResult() != null) ? this.json.readTree(job.getResult()).path("results").asString(null)
				: null;
		return this.downloads.attachment(path, CSV, "job-" + id + "-results.csv",
				"The results file of job " + id + " is gone from media storage.");
	}

	/**
	 * The owner (or an admin) deletes an ended batch's files, its results and the upload
	 * it read, and their storage quota is freed at once; 204. The job and its predictions
	 * stay; its download then answers 410. A batch still queued or running is a 409
	 * (cancel it); one whose files are gone, another user's or no batch, a 404
	 * ({@link BatchResultDeletion}).
	 */
	@DeleteMapping("/{id}/result")
	ResponseEntity<Void> deleteResult(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		this.deletion.delete(id, caller);
		return ResponseEntity.noContent().build();
	}

	/** Refuses, from its first bytes, a file the task does not take (415). */
	private static void checkFormat(Task task, BatchFormat format, byte[] head) {
		boolean zip = BatchZip.looksLikeZip(head);
		if (format == BatchFormat.ZIP && !zip) {
			throw new BatchInputException(BatchInputException.Kind.UNSUPPORTED,
					"The " + task.id() + " task takes a zip of PNG or JPEG images; the uploaded file is not a zip.");
		}
		if (format == BatchFormat.CSV && (zip || binary(head))) {
			throw new BatchInputException(BatchInputException.Kind.UNSUPPORTED,
					"The " + task.id() + " task takes a CSV of texts (UTF-8, with a comment_text column); the "
							+ "uploaded file is " + (zip ? "a zip." : "binary (or not UTF-8 text)."));
		}
	}

	/** PNG, JPEG, gzip, PDF, or any NUL byte: not text. */
	private static boolean binary(byte[] head) {
		for (byte b : head) {
			if (b == 0) {
				return true;
			}
		}
		return head.length >= 2 && (((head[0] & 0xff) == 0x89 && head[1] == 'P')
				|| ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8)
				|| ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) || (head[0] == '%' && head[1] == 'P'));
	}

	private static Task task(String id) {
		try {
			return Task.fromId(id.strip().toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.badRequest("unknown-task", "Unknown task",
					"There is no task '" + id + "'. Known: digits, fashion (zip of images), toxicity (CSV of texts).");
		}
	}

	private static String displayName(String name) {
		return (name != null) ? io.deepdock.core.batch.BatchItem.cleanName(name) : null;
	}

}
