package io.deepdock.core.datasets;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface DatasetRepository extends JpaRepository<Dataset, Long> {

	/**
	 * Deletes the row in one statement; its files' rows go with it (the schema cascades).
	 */
	@Modifying
	@Query(value = "DELETE FROM dataset WHERE id = ?1", nativeQuery = true)
	int deleteRow(long id);

	@Query("select coalesce(max(d.version), 0) from Dataset d where d.name = ?1")
	int maxVersion(String name);

	Optional<Dataset> findFirstByNameOrderByVersionDesc(String name);

	/**
	 * The task's newest trusted dataset (built in, or marked trusted by an admin): what a
	 * training with no owner trains on. There is deliberately no "newest of anyone's"
	 * query: that let any user choose what everyone is served.
	 */
	Optional<Dataset> findFirstByTaskAndTrustedTrueOrderByIdDesc(String task);

	Optional<Dataset> findFirstByTaskAndOriginOrderByIdDesc(String task, DatasetOrigin origin);

	/**
	 * The fixed, trusted set that champion and challenger are both scored on (its test
	 * split): the task's newest built-in dataset, which only the platform's own sources
	 * change, else (toxicity has no built-in data) the newest dataset an admin marked
	 * trusted. Empty when the task has no trusted data: then nothing is promoted
	 * automatically.
	 */
	default Optional<Dataset> findEvaluationSet(String task) {
		return findFirstByTaskAndOriginOrderByIdDesc(task, DatasetOrigin.BUILTIN)
			.or(() -> findFirstByTaskAndTrustedTrueOrderByIdDesc(task));
	}

	/**
	 * The task's newest dataset among the built-in ones and those {@code ownerId}
	 * uploaded.
	 */
	Optional<Dataset> findFirstByTaskAndOriginOrTaskAndOwnerIdOrderByIdDesc(String task, DatasetOrigin origin,
			String sameTask, Long ownerId);

	List<Dataset> findAllByOrderByNameAscVersionDesc();

}
