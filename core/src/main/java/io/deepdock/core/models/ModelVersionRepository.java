package io.deepdock.core.models;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ModelVersionRepository extends JpaRepository<ModelVersion, Long> {

	Optional<ModelVersion> findByTaskAndStatus(String task, ModelStatus status);

	List<ModelVersion> findByTaskOrderByVersionDesc(String task);

	@Query("select coalesce(max(m.version), 0) from ModelVersion m where m.task = ?1")
	int maxVersion(String task);

}
