package io.deepdock.core.predictions;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

/**
 * Which predictions a list shows: one owner, one task, with or without feedback, one
 * label (the predicted one, or the one a user gave as feedback); a null criterion matches
 * everything.
 *
 * @param feedback true: only those with feedback; false: only those without
 */
public record PredictionFilter(Long ownerId, String task, Boolean feedback, String label) {

	public Specification<Prediction> specification() {
		return (root, query, cb) -> {
			List<Predicate> predicates = new ArrayList<>();
			if (this.ownerId != null) {
				predicates.add(cb.equal(root.get("ownerId"), this.ownerId));
			}
			if (this.task != null) {
				predicates.add(cb.equal(root.get("task"), this.task));
			}
			if (this.feedback != null) {
				predicates.add(
						this.feedback ? cb.isNotNull(root.get("feedbackLabel")) : cb.isNull(root.get("feedbackLabel")));
			}
			if (this.label != null) {
				predicates.add(cb.or(cb.equal(root.get("label"), this.label),
						cb.equal(root.get("feedbackLabel"), this.label)));
			}
			return cb.and(predicates.toArray(Predicate[]::new));
		};
	}

}
