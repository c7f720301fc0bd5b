package io.deepdock.core.predictions;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/**
 * The predictions feature's entry point for reading predictions back: the web's API and
 * pages come through here, not through {@link PredictionRepository} (each service's
 * architecture test holds it). Rows are written by {@link PredictionRows} (batched, for
 * speed) and corrected through {@link Feedback}.
 */
@Component
public class Predictions {

	private final PredictionRepository predictions;

	Predictions(PredictionRepository predictions) {
		this.predictions = predictions;
	}

	public Optional<Prediction> find(long id) {
		return this.predictions.findById(id);
	}

	/** One page of everyone's predictions. */
	public Page<Prediction> page(Pageable pageable) {
		return this.predictions.findAll(pageable);
	}

	/** One page of one user's predictions. */
	public Page<Prediction> pageOfOwner(long ownerId, Pageable pageable) {
		return this.predictions.findByOwnerId(ownerId, pageable);
	}

	/** One page of the predictions that match (a {@link PredictionFilter}'s). */
	public Page<Prediction> page(Specification<Prediction> matching, Pageable pageable) {
		return this.predictions.findAll(matching, pageable);
	}

}
