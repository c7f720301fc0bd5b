package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface JobRepository extends JpaRepository<Job, Long>, JpaSpecificationExecutor<Job> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select j from Job j where j.id = ?1")
	Optional<Job> findByIdForUpdate(long id);

	Page<Job> findByOwnerId(Long ownerId, Pageable pageable);

	long countByState(JobState state);

}
