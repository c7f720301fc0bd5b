package io.deepdock.webapp.predictions;

import java.time.Instant;

import io.deepdock.core.ml.Task;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.Predictions;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.problems.Echo;
import io.deepdock.webapp.security.DeepdockUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Past predictions, and the feedback that says what the answer should have been (it feeds
 * retraining).
 */
@RestController
@RequestMapping("/api/v1/predictions")
class PredictionController {

	record FeedbackRequest(@NotBlank(message = "say which label is right") String label) {
	}

	/**
	 * A prediction as the API shows it. {@code imageExpiredAt}: when retention removed
	 * the image an online prediction stored (its thumbnail, drawn from the kept 28x28
	 * features, still answers); null while it is kept, or when there was none.
	 */
	record PredictionRow(long id, String task, String label, JsonNode probabilities, long modelVersionId,
			String inputName, String inputText, double latencyMs, String feedbackLabel, Instant feedbackAt,
			Instant createdAt, Instant imageExpiredAt) {

		static PredictionRow of(Prediction p, JsonMapper json) {
			return new PredictionRow(p.getId(), p.getTask(), p.getLabel(), json.readTree(p.getProbabilities()),
					p.getModelVersionId(), p.getInputName(), p.getInputText(), p.getLatencyMicros() / 1000.0,
					p.getFeedbackLabel(), p.getFeedbackAt(), p.getCreatedAt(), p.getInputExpiredAt());
		}

	}

	private final Predictions predictions;

	private final JsonMapper json;

	private final JdbcTemplate jdbc;

	private final PredictionInputDeletion inputDeletion;

	PredictionController(Predictions predictions, JsonMapper json, JdbcTemplate jdbc,
			PredictionInputDeletion inputDeletion) {
		this.inputDeletion = inputDeletion;
		this.jdbc = jdbc;
		this.predictions = predictions;
		this.json = json;
	}

	/**
	 * The caller's predictions (an admin's: everyone's), paged and sorted like every
	 * list.
	 */
	@GetMapping
	PagedModel<PredictionRow> list(
			@ParameterObject @Paged(sortable = { "id", "createdAt", "task", "label", "feedbackLabel", "latencyMicros" },
					sort = "createdAt,desc") Pageable pageable,
			@AuthenticationPrincipal DeepdockUser caller) {
		Page<Prediction> page = caller.isAdmin() ? this.predictions.page(pageable)
				: this.predictions.pageOfOwner(caller.id(), pageable);
		return Pages.model(page.map((p) -> PredictionRow.of(p, this.json)));
	}

	@GetMapping("/{id}")
	PredictionRow get(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		return PredictionRow.of(find(id, caller), this.json);
	}

	/**
	 * "Wrong, it is X": records the true label; the next retraining of the task learns
	 * from it, once.
	 */
	@PostMapping("/{id}/feedback")
	@Transactional
	PredictionRow feedback(@PathVariable long id, @Valid @RequestBody FeedbackRequest request,
			@AuthenticationPrincipal DeepdockUser caller) {
		Prediction prediction = find(id, caller);
		Task task = Task.fromId(prediction.getTask());
		if (!task.labels().contains(request.label())) {
			throw ProblemException.badRequest("unknown-label", "Unknown label", "'" + Echo.of(request.label())
					+ "' is not a label of " + task.id() + ". Labels: " + String.join(", ", task.labels()) + ".");
		}
		if (prediction.getUsedInJobId() != null) {
			throw ProblemException.badRequest("feedback-used", "Feedback already used",
					"This prediction's feedback was already used by training job " + prediction.getUsedInJobId()
							+ "; it cannot change.");
		}
		prediction.giveFeedback(request.label(), Instant.now());
		return PredictionRow.of(prediction, this.json);
	}

	/**
	 * The owner (or an admin) deletes the image file an online prediction stored, and
	 * their storage quota is freed at once; 204. The row stays, its
	 * {@code imageExpiredAt} set as retention sets it; its thumbnail (drawn from the kept
	 * 28x28 features) still answers. Another user's, a text's, a batch row's or an image
	 * already gone: 404 ({@link PredictionInputDeletion}).
	 */
	@DeleteMapping("/{id}/input")
	ResponseEntity<Void> deleteInput(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		this.inputDeletion.delete(id, caller);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The 28x28 input an image prediction was made from (its stored features, as the
	 * model saw them), as a small PNG drawn dark on light and scaled up twice. The
	 * owner's and the admin's only; another user gets 404, as does a prediction without
	 * features (a text).
	 */
	@GetMapping("/{id}/image")
	ResponseEntity<byte[]> image(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller)
			throws java.io.IOException {
		Prediction prediction = find(id, caller);
		byte[] features = this.jdbc.query("SELECT features FROM prediction WHERE id = ?",
				(rs) -> rs.next() ? rs.getBytes(1) : null, prediction.getId());
		if (features == null || features.length != THUMBNAIL_SOURCE * THUMBNAIL_SOURCE) {
			throw ProblemException.notFound("Prediction " + id + " has no image input.");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePrivate())
			.body(thumbnail(features));
	}

	private static final int THUMBNAIL_SOURCE = 28;

	private static final int THUMBNAIL_SCALE = 2;

	/** 28x28 features (0 = background, 255 = ink) to a PNG, ink dark on light. */
	static byte[] thumbnail(byte[] features) throws java.io.IOException {
		int size = THUMBNAIL_SOURCE * THUMBNAIL_SCALE;
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(size, size,
				java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		java.awt.image.WritableRaster raster = image.getRaster();
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				int v = features[(y / THUMBNAIL_SCALE) * THUMBNAIL_SOURCE + x / THUMBNAIL_SCALE] & 0xff;
				raster.setSample(x, y, 0, 255 - v);
			}
		}
		java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "png", png);
		return png.toByteArray();
	}

	/** Another user's prediction is "not found": its existence is not revealed. */
	private Prediction find(long id, DeepdockUser caller) {
		return this.predictions.find(id)
			.filter((p) -> caller.mayAccess(p.getOwnerId()))
			.orElseThrow(() -> ProblemException.notFound("There is no prediction " + id + "."));
	}

}
