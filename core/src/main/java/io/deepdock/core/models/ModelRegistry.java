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
 */
@Component
public class ModelRegistry {

	private final ModelVersionRepository versions;

	private final Outbox outbox;

	private final Topology topology;

	ModelRegistry(ModelVersionRepository versions, Outbox outbox, Topology topology) {
		this.versions = versions;
		this.outbox = outbox;
		this.topology = topology;
	}

	/**
	 * Registers a new version (TRAINING) of {@code task}, numbered after the task's last
	 * one.
	 */
	@Transactional
	public ModelVersion register(String task, Long datasetId, Long parentId, String parametersJson) {
		int next = this.versions.maxVersion(task) + 1;
		return this.versions.saveAndFlush(new ModelVersion(task, next, datasetId, parentId, parametersJson));
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
		ModelVersion version = require(versionId);
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
		this.outbox.enqueue(this.topology.eventsExchange(), "model." + version.getTask() + ".promoted",
				new ModelPromoted(version.getTask(), version.getId(), version.getVersion(),
						previous.map(ModelVersion::getId).orElse(null), now));
		return version;
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
