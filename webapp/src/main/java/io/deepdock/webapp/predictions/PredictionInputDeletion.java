package io.deepdock.webapp.predictions;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner (or an admin) deletes the image an online prediction stored
 * ({@code uploads/<task>/...}). The row stays, marked as retention marks it
 * ({@code input_expired_at}): its answer, its 28x28 features (the thumbnail) and its
 * feedback stay. The mark frees the owner's storage quota in its transaction; the file is
 * removed after the commit.
 *
 * <p>
 * Refused with 404: another user's prediction, a text prediction, one whose image is gone
 * already, and a batch's row (its input is its job's upload, which {@code DELETE
 * /api/v1/jobs/{id}/result} removes).
 */
@Component
class PredictionInputDeletion {

	private static final Logger log = LoggerFactory.getLogger(PredictionInputDeletion.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MediaStorage media;

	private final PredictionRows rows;

	PredictionInputDeletion(JdbcTemplate jdbc, PlatformTransactionManager transactions, MediaStorage media,
			PredictionRows rows) {
		this.rows = rows;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.media = media;
	}

	void delete(long id, DeepdockUser caller) {
		String path = this.transactions.execute((status) -> {
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"SELECT owner_id, job_id, input_path, input_expired_at FROM prediction WHERE id = ? FOR UPDATE",
					id);
			Map<String, Object> row = rows.isEmpty() ? null : rows.get(0);
			Long owner = (row != null && row.get("owner_id") != null) ? ((Number) row.get("owner_id")).longValue()
					: null;
			if (row == null || !caller.mayAccess(owner)) {
				throw ProblemException.notFound("There is no prediction " + id + ".");
			}
			if (row.get("job_id") != null) {
				throw ProblemException.notFound("Prediction " + id + " is a row of batch job " + row.get("job_id")
						+ ": its input is that job's upload; DELETE /api/v1/jobs/" + row.get("job_id")
						+ "/result removes it.");
			}
			if (row.get("input_path") == null) {
				throw ProblemException
					.notFound("Prediction " + id + " stored no input file (a text is kept in " + "the row).");
			}
			if (row.get("input_expired_at") != null) {
				throw ProblemException
					.notFound("The image of prediction " + id + " was removed on " + row.get("input_expired_at") + ".");
			}
			this.rows.markInputExpired(id);
			return (String) row.get("input_path");
		});
		try {
			this.media.delete(path);
		}
		catch (IOException | MediaPathException ex) {
			// the row says removed and the quota is free; the file is an orphan for an
			// operator
			log.warn("Prediction {}: could not remove its image {}: {}", id, path, ex.getMessage());
		}
		log.info("Prediction {}: its image {} deleted by user {}", id, path, caller.id());
	}

}
