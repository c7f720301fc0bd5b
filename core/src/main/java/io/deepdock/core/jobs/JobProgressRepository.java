package io.deepdock.core.jobs;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface JobProgressRepository extends JpaRepository<JobProgress, Long> {

	List<JobProgress> findByJobIdOrderByIdAsc(Long jobId);

}
