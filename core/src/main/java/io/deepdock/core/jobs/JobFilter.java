package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

/**
 * Which jobs a list shows: any of some states, any of some types, one trigger, one owner;
 * an empty or null criterion matches everything.
 */
public record JobFilter(Collection<JobState> states, Collection<JobType> types, JobTrigger trigger, Long ownerId) {

	public static final JobFilter ALL = new JobFilter(null, null, null, null);

	public JobFilter withOwner(Long owner) {
		return new JobFilter(this.states, this.types, this.trigger, owner);
	}

	public Specification<Job> specification() {
		return (root, query, cb) -> {
			List<Predicate> predicates = new ArrayList<>();
			if (this.states != null && !this.states.isEmpty()) {
				predicates.add(root.get("state").in(this.states));
			}
			if (this.types != null && !this.types.isEmpty()) {
				predicates.add(root.get("type").in(this.types));
			}
			if (this.trigger != null) {
				predicates.add(cb.equal(root.get("trigger"), this.trigger));
			}
			if (this.ownerId != null) {
				predicates.add(cb.equal(root.get("ownerId"), this.ownerId));
			}
			return cb.and(predicates.toArray(Predicate[]::new));
		};
	}

}
