package io.deepdock.core.jobs;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobRepository extends JpaRepository<Job, Long> {

	Page<Job> findByOwnerId(Long ownerId, Pageable pageable);

	long countByState(JobState state);

}
