package io.deepdock.webapp.datasets;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a dataset for its owner (or an admin): the row and its file rows go in one
 * transaction, which frees the owner's storage quota at once (it is summed from those
 * rows); the files are removed from media after the commit, so a refused or failed
 * deletion never loses a byte. Jobs and model versions made from it keep their rows and
 * lose only the link (migration V12).
 *
 * <p>
 * Refused: a dataset a queued or running job uses (a training that names it or has loaded
 * it, the import that is writing it; for a trusted dataset, also any training of its
 * task, which may judge its challenger on it) with 409; a built-in or trusted dataset by
 * anyone but an admin with 403, since everyone's models depend on it. The dataset's row
 * is locked while this is checked, so a job's {@code attachDataset} after the check finds
 * no dataset and fails with its reason rather than training on deleted files.
 */
@Component
class DatasetDeletion {

	private static final Logger log = LoggerFactory.getLogger(DatasetDeletion.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MediaStorage media;

	private final Datasets datasets;

	DatasetDeletion(JdbcTemplate jdbc, PlatformTransactionManager transactions, MediaStorage media, Datasets datasets) {
		this.datasets = datasets;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.media = media;
	}

	/**
	 * @return the bytes freed
	 * @throws ProblemException 404 (none, or not the caller's), 403 (built-in or trusted,
	 * and the caller is not an admin), 409 (a job uses it)
	 */
	long delete(long id, DeepdockUser caller) {
		List<Map<String, Object>> stored = this.transactions.execute((status) -> {
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"SELECT owner_id, origin, trusted, task, name, version FROM dataset WHERE id = ? FOR UPDATE", id);
			if (rows.isEmpty()) {
				throw ProblemException.notFound("There is no dataset " + id + ".");
			}
			Map<String, Object> dataset = rows.get(0);
			Long owner = (dataset.get("owner_id") != null) ? ((Number) dataset.get("owner_id")).longValue() : null;
			boolean builtin = "BUILTIN".equals(dataset.get("origin"));
			boolean trusted = builtin || Boolean.TRUE.equals(dataset.get("trusted"));
			if (!caller.mayRead(owner, builtin)) {
				throw ProblemException.notFound("There is no dataset " + id + ".");
			}
			if (!caller.isAdmin() && (trusted || owner == null || owner != caller.id())) {
				throw ProblemException.forbidden("dataset-protected", "Dataset protected",
						"Dataset " + id + " is " + (builtin ? "built in" : "trusted")
								+ ": the models everyone is served are trained and judged on it, so only an admin "
								+ "deletes it.");
			}
			List<Long> users = this.jdbc.queryForList("""
					SELECT id FROM job WHERE state IN ('QUEUED', 'RUNNING')
					AND (dataset_id = ? OR payload->>'datasetId' = ?) ORDER BY id""", Long.class, id,
					Long.toString(id));
			if (!users.isEmpty()) {
				throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "dataset-in-use",
						"Dataset in use",
						"Dataset " + id + " is used by " + ((users.size() == 1) ? "job " : "jobs ")
								+ users.stream().map(String::valueOf).collect(Collectors.joining(", "))
								+ ", queued or running. Wait for " + ((users.size() == 1) ? "it" : "them")
								+ " to end, or cancel " + ((users.size() == 1) ? "it" : "them")
								+ ", then delete again.");
			}
			List<Map<String, Object>> files = this.jdbc
				.queryForList("SELECT path, size_bytes FROM dataset_file WHERE dataset_id = ?", id);
			this.datasets.delete(id);
			log.info("Dataset {} ({} v{}) deleted by user {}", id, dataset.get("name"), dataset.get("version"),
					caller.id());
			return files;
		});
		long freed = 0;
		for (Map<String, Object> file : stored) {
			String path = (String) file.get("path");
			freed += ((Number) file.get("size_bytes")).longValue();
			try {
				this.media.delete(path);
			}
			catch (IOException | MediaPathException ex) {
				// the rows are gone and the quota is free; the file is an orphan for an
				// operator
				log.warn("Dataset {}: could not remove its file {}: {}", id, path, ex.getMessage());
			}
		}
		return freed;
	}

}
