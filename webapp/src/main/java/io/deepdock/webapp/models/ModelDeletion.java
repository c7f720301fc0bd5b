package io.deepdock.webapp.models;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import io.deepdock.core.media.MediaPathException;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a model version for the user who trained it (the owner of its TRAIN job), or an
 * admin. Like a dataset's deletion: the version is locked and checked, marked DELETED and
 * its artifact forgotten in one transaction, which frees the owner's storage quota at
 * once (summed from those rows); the file is removed from media after the commit, so a
 * refused or failed deletion never loses a byte. The row stays: the jobs, predictions and
 * later versions that name it keep working.
 *
 * <p>
 * Refused: a version that serves (ACTIVE) with 409 {@code model-active}, for everyone;
 * one still training, or that a queued or running job uses (its training, a batch pinned
 * to it), with 409 {@code model-in-use}; one of the platform's (bootstrap, schedules) or
 * one an admin promoted for everyone (a roll back may return to it) by anyone but an
 * admin, with 403 {@code model-protected}; another user's, with 404.
 */
@Component
class ModelDeletion {

	private static final Logger log = LoggerFactory.getLogger(ModelDeletion.class);

	private final ModelRegistry registry;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MediaStorage media;

	ModelDeletion(ModelRegistry registry, JdbcTemplate jdbc, PlatformTransactionManager transactions,
			MediaStorage media) {
		this.registry = registry;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.media = media;
	}

	/**
	 * @return the bytes freed
	 * @throws ProblemException 404, 403 or 409 as above
	 */
	long delete(long id, DeepdockUser caller) {
		ModelVersion[] deleted = new ModelVersion[1];
		String artifact = this.transactions.execute((status) -> {
			ModelVersion version = this.registry.lockForUpdate(id)
				.filter((v) -> v.getStatus() != ModelStatus.DELETED)
				.orElseThrow(() -> ProblemException.notFound("There is no model version " + id + "."));
			Long owner = trainedBy(id);
			String name = version.getTask() + " v" + version.getVersion();
			if (!caller.isAdmin()) {
				if (owner != null && owner != caller.id()) {
					throw ProblemException.notFound("There is no model version " + id + " of yours.");
				}
				if (owner == null) {
					throw protectedVersion(name + " was trained by the platform (the bootstrap training or a "
							+ "schedule): everyone's models come from it, so only an admin deletes it.");
				}
			}
			if (version.getStatus() == ModelStatus.ACTIVE) {
				throw new ProblemException(HttpStatus.CONFLICT, "model-active", "Model version serving",
						name + " is ACTIVE: it serves every prediction of " + version.getTask()
								+ ". An admin promotes another version (or rolls back) first; then it can be deleted.");
			}
			if (!caller.isAdmin() && version.getPromotedAt() != null) {
				throw protectedVersion(name + " was promoted by an admin for everyone, and a roll back may return to "
						+ "it: only an admin deletes it.");
			}
			List<Long> users = this.jdbc.queryForList(
					"SELECT id FROM job WHERE model_version_id = ? AND state IN ('QUEUED', 'RUNNING') ORDER BY id",
					Long.class, id);
			if (version.getStatus() == ModelStatus.TRAINING || !users.isEmpty()) {
				throw new ProblemException(HttpStatus.CONFLICT, "model-in-use", "Model version in use",
						name + ((version.getStatus() == ModelStatus.TRAINING) ? " is still training" : " is used")
								+ ((users.isEmpty()) ? ""
										: " by " + ((users.size() == 1) ? "job " : "jobs ")
												+ users.stream().map(String::valueOf).collect(Collectors.joining(", "))
												+ ", queued or running")
								+ ". Wait for it to end, or cancel it, then delete again.");
			}
			deleted[0] = version;
			return this.registry.markDeleted(version);
		});
		ModelVersion version = deleted[0];
		log.info("Model version {} ({} v{}) deleted by user {}", id, version.getTask(), version.getVersion(),
				caller.id());
		if (artifact == null) {
			return 0;
		}
		try {
			this.media.delete(artifact);
		}
		catch (IOException | MediaPathException ex) {
			// the row says DELETED and the quota is free; the file is an orphan for an
			// operator
			log.warn("Model version {}: could not remove its artifact {}: {}", id, artifact, ex.getMessage());
		}
		return (version.getArtifactSize() != null) ? version.getArtifactSize() : 0;
	}

	/**
	 * The user whose TRAIN job made the version (the rule the storage quota sums by), or
	 * null for the platform's (the bootstrap, a schedule's RETRAIN).
	 */
	private Long trainedBy(long versionId) {
		List<Long> owners = this.jdbc.queryForList(
				"SELECT owner_id FROM job WHERE model_version_id = ? AND type = 'TRAIN' AND owner_id IS NOT NULL "
						+ "ORDER BY id LIMIT 1",
				Long.class, versionId);
		return owners.isEmpty() ? null : owners.get(0);
	}

	private static ProblemException protectedVersion(String detail) {
		return ProblemException.forbidden("model-protected", "Model version protected", detail);
	}

}
