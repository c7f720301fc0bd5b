package io.deepdock.core.models;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.deepdock.core.contracts.ModelPromoted;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.outbox.Outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The model registry's lifecycle: TRAINING → READY (or FAILED) → ACTIVE → RETIRED. There
 * is one ACTIVE version per task (the schema enforces it too); promoting a version
 * retires the previous one, and the {@code model.promoted} event leaves through the
 * outbox in the same transaction, so no replica misses a swap.
 * <p>
 * The models feature's entry point: the web's lists and deletion and the worker's
 * training and batch jobs read versions through here, not through
 * {@link ModelVersionRepository} (each service's architecture test holds it).
 */
@Component
public class ModelRegistry {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);

	private final ModelVersionRepository versions;

	private final Outbox outbox;

	private final Topology topology;

	ModelRegistry(ModelVersionRepository versions, Outbox outbox, Topology topology) {
		this.versions = versions;
		this.outbox = outbox;
		this.topology = topology;
	}

	/**
	 * The champion/challenger rule, owned here with the rest of the version lifecycle:
	 * may a new version of {@code task} replace the ACTIVE one? A training on untrusted
	 * data, or by a user who is no admin, is never promoted by itself; the first trusted
	 * version of a task is; under the {@code challenger} policy both are scored on the
	 * task's fixed, trusted evaluation set and the challenger wins when its main metric
	 * beats the champion's by at least {@code minImprovement}. Records nothing: the
	 * caller records the decision and promotes.
	 * @param policy {@code if-none}, {@code never} or {@code challenger}
	 * @param metric the name of the challenger's main metric
	 * @param score the challenger's main metric on its own test split
	 * @param untrusted why the version may not be promoted without an admin, or null when
	 * it may
	 * @param scorer scores both on the evaluation set
	 */
	public PromotionDecision decide(String policy, double minImprovement, String task, String metric, double score,
			String untrusted, PromotionDecision.Scorer scorer) {
		if (policy.equals("never")) {
			return new PromotionDecision(policy, false, "not promoted (policy never)", metric, score, null, null, null,
					null, null, untrusted == null);
		}
		if (untrusted != null) {
			return new PromotionDecision(policy, false,
					"not promoted: " + untrusted + "; an admin may promote it by hand", metric, score, null, null, null,
					null, null, false);
		}
		// the champion now, not when the training started: another may have been
		// promoted meanwhile
		Optional<ModelVersion> champion = active(task);
		if (champion.isEmpty()) {
			return new PromotionDecision(policy, true,
					"no ACTIVE version: the first one, trained on trusted data, is promoted", metric, score, null, null,
					null, null, null, true);
		}
		ModelVersion current = champion.get();
		if (!policy.equals("challenger")) {
			return new PromotionDecision(policy, false,
					"not promoted: " + task + " has an ACTIVE version (v" + current.getVersion()
							+ ") and the policy is " + policy,
					metric, score, current.getId(), current.getVersion(), null, null, null, true);
		}
		// both are judged on the same fixed, trusted set: never on the challenger's own
		// test split, which whoever uploaded its data chose
		Optional<Long> evaluationSet = scorer.evaluationSetId();
		if (evaluationSet.isEmpty()) {
			return new PromotionDecision(policy, false,
					"kept the champion: " + task + " has no trusted evaluation set (a built-in dataset, or one "
							+ "an admin marked trusted) to compare them on",
					metric, score, current.getId(), current.getVersion(), null, minImprovement, null, true);
		}
		long evaluation = evaluationSet.get();
		double challengerScore;
		try {
			challengerScore = scorer.challenger(evaluation);
		}
		catch (java.io.IOException | RuntimeException ex) {
			log.warn("Challenger of {} could not be evaluated on dataset {}: {}", task, evaluation, ex.getMessage());
			return new PromotionDecision(policy, false,
					"kept the champion: the challenger could not be evaluated on the trusted evaluation set (dataset "
							+ evaluation + "): " + ex.getMessage(),
					metric, score, current.getId(), current.getVersion(), null, minImprovement, evaluation, true);
		}
		double championScore;
		try {
			championScore = scorer.champion(current, evaluation);
		}
		catch (java.io.IOException | RuntimeException ex) {
			log.warn("Champion {} v{} could not be evaluated: {}", task, current.getVersion(), ex.getMessage());
			return new PromotionDecision(policy, true,
					"the champion v" + current.getVersion() + " could not be evaluated (" + ex.getMessage()
							+ "): the challenger, trained on trusted data, replaces it",
					metric, challengerScore, current.getId(), current.getVersion(), null, minImprovement, evaluation,
					true);
		}
		double gain = challengerScore - championScore;
		boolean promote = gain >= minImprovement;
		String reason = ("%s %.4f vs champion v%d %.4f on the trusted evaluation set (the test split of dataset %d): "
				+ "%s%.4f, %s the minimum improvement %.4f")
			.formatted(metric, challengerScore, current.getVersion(), championScore, evaluation, (gain >= 0) ? "+" : "",
					gain, promote ? "meets" : "misses", minImprovement);
		return new PromotionDecision(policy, promote, (promote ? "promoted: " : "kept the champion: ") + reason, metric,
				challengerScore, current.getId(), current.getVersion(), championScore, minImprovement, evaluation,
				true);
	}

	/**
	 * Registers a new version (TRAINING) of {@code task}, numbered after the task's last
	 * one.
	 */
	@Transactional
	public ModelVersion register(String task, Long datasetId, Long parentId, String parametersJson) {
		return register(task, datasetId, parentId, parametersJson, (version) -> {
		});
	}

	/**
	 * Registers a new version and tells {@code registered} about it in the same
	 * transaction: a training job attaches the version to itself there, so that its
	 * worker dying at any moment leaves the version registered and attached, or neither,
	 * and the job's redelivery never registers a second one.
	 */
	@Transactional
	public ModelVersion register(String task, Long datasetId, Long parentId, String parametersJson,
			java.util.function.Consumer<ModelVersion> registered) {
		int next = this.versions.maxVersion(task) + 1;
		ModelVersion version = this.versions
			.saveAndFlush(new ModelVersion(task, next, datasetId, parentId, parametersJson));
		registered.accept(version);
		return version;
	}

	/** A trained version with its metrics and verified artifact: ready to be promoted. */
	@Transactional
	public ModelVersion markReady(long versionId, String metricsJson, String artifactPath, long artifactSize,
			String artifactSha256) {
		ModelVersion version = require(versionId);
		requireStatus(version, ModelStatus.TRAINING);
		version.setMetrics(metricsJson);
		version.setArtifact(artifactPath, artifactSize, artifactSha256);
		version.setStatus(ModelStatus.READY);
		return version;
	}

	@Transactional
	public ModelVersion markFailed(long versionId) {
		ModelVersion version = require(versionId);
		requireStatus(version, ModelStatus.TRAINING);
		version.setStatus(ModelStatus.FAILED);
		return version;
	}

	/** Records the champion/challenger decision (or any decision note) on a version. */
	@Transactional
	public ModelVersion recordDecision(long versionId, String decisionJson) {
		ModelVersion version = require(versionId);
		version.setDecision(decisionJson);
		return version;
	}

	/**
	 * Makes {@code versionId} the ACTIVE version of its task; the previous ACTIVE one is
	 * RETIRED. Promoting a RETIRED version is allowed: that is a roll back.
	 */
	@Transactional
	public ModelVersion promote(long versionId) {
		// locked: a deletion of the same version waits, or is waited for and refused here
		ModelVersion version = this.versions.findByIdForUpdate(versionId)
			.orElseThrow(() -> new ModelRegistryException("There is no model version " + versionId + "."));
		if (version.getStatus() == ModelStatus.ACTIVE) {
			return version;
		}
		if (version.getStatus() != ModelStatus.READY && version.getStatus() != ModelStatus.RETIRED) {
			throw new ModelRegistryException("Version " + version.getVersion() + " of " + version.getTask() + " is "
					+ version.getStatus() + "; only READY or RETIRED versions can be promoted.");
		}
		if (version.getArtifactPath() == null) {
			throw new ModelRegistryException(
					"Version " + version.getVersion() + " of " + version.getTask() + " has no artifact.");
		}
		Optional<ModelVersion> previous = this.versions.findByTaskAndStatus(version.getTask(), ModelStatus.ACTIVE);
		previous.ifPresent((p) -> {
			p.setStatus(ModelStatus.RETIRED);
			// retire before activating: the one-ACTIVE-per-task index is checked
			// statement by statement
			this.versions.saveAndFlush(p);
		});
		Instant now = Instant.now();
		version.setStatus(ModelStatus.ACTIVE);
		version.setPromotedAt(now);
		this.versions.saveAndFlush(version);
		this.outbox.enqueue(this.topology.eventsExchange(), Topology.modelPromotedKey(version.getTask()),
				new ModelPromoted(version.getTask(), version.getId(), version.getVersion(),
						previous.map(ModelVersion::getId).orElse(null), now));
		return version;
	}

	/**
	 * Marks a version DELETED and forgets its artifact's path, which it returns: the
	 * caller removes that file once this transaction has committed, so a deletion that
	 * rolls back loses nothing. Must run in the transaction that locked the version
	 * ({@link #lockForUpdate}) and checked that it may go; an ACTIVE version never may.
	 * @return the artifact's path, or null when it had none
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public String markDeleted(ModelVersion version) {
		if (version.getStatus() == ModelStatus.ACTIVE || version.getStatus() == ModelStatus.DELETED) {
			throw new ModelRegistryException("Version " + version.getVersion() + " of " + version.getTask() + " is "
					+ version.getStatus() + "; it cannot be deleted.");
		}
		String artifact = version.getArtifactPath();
		version.deleted(Instant.now());
		this.versions.saveAndFlush(version);
		log.info("{} v{} (version {}) deleted", version.getTask(), version.getVersion(), version.getId());
		return artifact;
	}

	/** Re-activates the version that was ACTIVE before the current one. */
	@Transactional
	public ModelVersion rollback(String task) {
		ModelVersion current = this.versions.findByTaskAndStatus(task, ModelStatus.ACTIVE)
			.orElseThrow(() -> new ModelRegistryException("There is no ACTIVE version of " + task + " to roll back."));
		List<ModelVersion> earlier = this.versions.findByTaskOrderByVersionDesc(task)
			.stream()
			.filter((v) -> v.getStatus() == ModelStatus.RETIRED && v.getPromotedAt() != null
					&& v.getPromotedAt().isBefore(current.getPromotedAt()))
			.sorted(Comparator.comparing(ModelVersion::getPromotedAt).reversed())
			.toList();
		if (earlier.isEmpty()) {
			throw new ModelRegistryException(
					"Version " + current.getVersion() + " is the first one of " + task + " ever promoted.");
		}
		return promote(earlier.get(0).getId());
	}

	@Transactional(readOnly = true)
	public Optional<ModelVersion> active(String task) {
		return this.versions.findByTaskAndStatus(task, ModelStatus.ACTIVE);
	}

	public Optional<ModelVersion> find(long versionId) {
		return this.versions.findById(versionId);
	}

	public boolean exists(long versionId) {
		return this.versions.existsById(versionId);
	}

	/** Every version of {@code task}, the newest first. */
	public List<ModelVersion> versionsOf(String task) {
		return this.versions.findByTaskOrderByVersionDesc(task);
	}

	/**
	 * The version, its row locked until the caller's transaction ends: a promotion and a
	 * deletion of one version never interleave (see {@link #markDeleted}).
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public Optional<ModelVersion> lockForUpdate(long versionId) {
		return this.versions.findByIdForUpdate(versionId);
	}

	private ModelVersion require(long versionId) {
		return this.versions.findById(versionId)
			.orElseThrow(() -> new ModelRegistryException("There is no model version " + versionId + "."));
	}

	private static void requireStatus(ModelVersion version, ModelStatus expected) {
		if (version.getStatus() != expected) {
			throw new ModelRegistryException("Version " + version.getVersion() + " of " + version.getTask() + " is "
					+ version.getStatus() + ", not " + expected + ".");
		}
	}

}
