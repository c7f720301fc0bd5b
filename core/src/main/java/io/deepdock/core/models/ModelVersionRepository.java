package io.deepdock.core.models;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface ModelVersionRepository extends JpaRepository<ModelVersion, Long> {

	Optional<ModelVersion> findByTaskAndStatus(String task, ModelStatus status);

	List<ModelVersion> findByTaskOrderByVersionDesc(String task);

	/**
	 * The version, its row locked until the transaction ends: a promotion and a deletion
	 * of one version never interleave.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select m from ModelVersion m where m.id = ?1")
	Optional<ModelVersion> findByIdForUpdate(long id);

	@Query("select coalesce(max(m.version), 0) from ModelVersion m where m.task = ?1")
	int maxVersion(String task);

}
