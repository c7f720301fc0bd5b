package io.deepdock.core.datasets;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface DatasetRepository extends JpaRepository<Dataset, Long> {

	@Query("select coalesce(max(d.version), 0) from Dataset d where d.name = ?1")
	int maxVersion(String name);

	Optional<Dataset> findFirstByNameOrderByVersionDesc(String name);

	/** The task's newest dataset, built-in or uploaded by anyone. */
	Optional<Dataset> findFirstByTaskOrderByIdDesc(String task);

	/**
	 * The task's newest dataset among the built-in ones and those {@code ownerId}
	 * uploaded.
	 */
	Optional<Dataset> findFirstByTaskAndOriginOrTaskAndOwnerIdOrderByIdDesc(String task, DatasetOrigin origin,
			String sameTask, Long ownerId);

	List<Dataset> findAllByOrderByNameAscVersionDesc();

}
