package io.deepdock.webapp.predictions;

import java.time.Instant;

import io.deepdock.core.ml.Task;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.webapp.problems.BadRequestException;
import io.deepdock.webapp.problems.NotFoundException;
import io.deepdock.webapp.security.DeepdockUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
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

	record PredictionRow(long id, String task, String label, JsonNode probabilities, long modelVersionId,
			String inputName, String inputText, double latencyMs, String feedbackLabel, Instant feedbackAt,
			Instant createdAt) {

		static PredictionRow of(Prediction p, JsonMapper json) {
			return new PredictionRow(p.getId(), p.getTask(), p.getLabel(), json.readTree(p.getProbabilities()),
					p.getModelVersionId(), p.getInputName(), p.getInputText(), p.getLatencyMicros() / 1000.0,
					p.getFeedbackLabel(), p.getFeedbackAt(), p.getCreatedAt());
		}

	}

	private final PredictionRepository predictions;

	private final JsonMapper json;

	PredictionController(PredictionRepository predictions, JsonMapper json) {
		this.predictions = predictions;
		this.json = json;
	}

	@GetMapping
	Page<PredictionRow> list(
			@PageableDefault(size = 20, sort = "id", direction = Sort.Direction.DESC) Pageable pageable,
			@AuthenticationPrincipal DeepdockUser caller) {
		Page<Prediction> page = caller.isAdmin() ? this.predictions.findAll(pageable)
				: this.predictions.findByOwnerId(caller.id(), pageable);
		return page.map((p) -> PredictionRow.of(p, this.json));
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
			throw new BadRequestException("unknown-label", "Unknown label", "'" + request.label()
					+ "' is not a label of " + task.id() + ". Labels: " + String.join(", ", task.labels()) + ".");
		}
		if (prediction.getUsedInJobId() != null) {
			throw new BadRequestException("feedback-used", "Feedback already used",
					"This prediction's feedback was already used by training job " + prediction.getUsedInJobId()
							+ "; it cannot change.");
		}
		prediction.giveFeedback(request.label(), Instant.now());
		return PredictionRow.of(prediction, this.json);
	}

	/** Another user's prediction is "not found": its existence is not revealed. */
	private Prediction find(long id, DeepdockUser caller) {
		return this.predictions.findById(id)
			.filter((p) -> caller.mayAccess(p.getOwnerId()))
			.orElseThrow(() -> new NotFoundException("There is no prediction " + id + "."));
	}

}
