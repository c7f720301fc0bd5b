package io.deepdock.core.datasets;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The datasets feature's entry point for reading and storing datasets: the web's lists
 * and checks and the worker's choice of what a training trains and is scored on come
 * through here, not through {@link DatasetRepository} ({@code CoreArchitectureTest} holds
 * it). Import ({@link DatasetImporter}) and trust ({@link DatasetTrust}) are the
 * feature's other two doors.
 */
@Component
public class Datasets {

	private final DatasetRepository datasets;

	Datasets(DatasetRepository datasets) {
		this.datasets = datasets;
	}

	public Optional<Dataset> find(long id) {
		return this.datasets.findById(id);
	}

	/** Every dataset, by name, the newest version of each name first. */
	public List<Dataset> all() {
		return this.datasets.findAllByOrderByNameAscVersionDesc();
	}

	/** The newest version of the dataset of this name. */
	public Optional<Dataset> newest(String name) {
		return this.datasets.findFirstByNameOrderByVersionDesc(name);
	}

	/** See {@link DatasetRepository#findEvaluationSet(String)}. */
	public Optional<Dataset> evaluationSet(String task) {
		return this.datasets.findEvaluationSet(task);
	}

	/**
	 * What a training of this task trains on when it names no dataset: for a user, the
	 * newest among the built-in ones and those the user uploaded; for the platform
	 * ({@code ownerId} null: retraining, bootstrap), the newest trusted one, never a
	 * user's upload that no admin vouched for.
	 */
	public Optional<Dataset> trainingSet(String task, Long ownerId) {
		return (ownerId != null) ? this.datasets.findFirstByTaskAndOriginOrTaskAndOwnerIdOrderByIdDesc(task,
				DatasetOrigin.BUILTIN, task, ownerId) : this.datasets.findFirstByTaskAndTrustedTrueOrderByIdDesc(task);
	}

	public Dataset save(Dataset dataset) {
		return this.datasets.save(dataset);
	}

	/**
	 * Deletes a dataset's row and its files' rows, in the caller's transaction, which has
	 * checked that it may go; the caller removes the files from media once it commits.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void delete(long id) {
		this.datasets.deleteRow(id);
	}

}
