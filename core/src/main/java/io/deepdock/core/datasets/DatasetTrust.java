package io.deepdock.core.datasets;

import java.util.NoSuchElementException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An admin marks a dataset trusted, or withdraws the trust: a trusted dataset may train
 * what everyone is served without an admin's promotion, and may become a task's
 * evaluation set (see {@link DatasetRepository#findEvaluationSet}). Who may call this is
 * the caller's business (the web app allows admins only).
 */
@Component
public class DatasetTrust {

	private static final Logger log = LoggerFactory.getLogger(DatasetTrust.class);

	private final DatasetRepository datasets;

	DatasetTrust(DatasetRepository datasets) {
		this.datasets = datasets;
	}

	/**
	 * @throws NoSuchElementException when there is no such dataset
	 */
	@Transactional
	public Dataset trust(long datasetId, long adminId) {
		Dataset dataset = this.datasets.findById(datasetId).orElseThrow();
		if (!dataset.isTrusted()) {
			dataset.markTrusted(adminId);
			log.info("Dataset {} ({}, {}) marked trusted by user {}", dataset.getId(), dataset.getName(),
					dataset.getTask(), adminId);
		}
		return dataset;
	}

	/**
	 * @throws NoSuchElementException when there is no such dataset
	 * @throws IllegalStateException for a built-in dataset: it is always trusted
	 */
	@Transactional
	public Dataset distrust(long datasetId, long adminId) {
		Dataset dataset = this.datasets.findById(datasetId).orElseThrow();
		if (dataset.isTrusted()) {
			dataset.markUntrusted();
			log.info("Dataset {} ({}, {}) no longer trusted, by user {}", dataset.getId(), dataset.getName(),
					dataset.getTask(), adminId);
		}
		return dataset;
	}

}
