package io.deepdock.webapp.serving;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.LoadedModel;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.serving.BatchingEngine;
import io.deepdock.core.ml.serving.EngineSettings;
import io.deepdock.core.ml.serving.NoModelException;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The models this replica serves: one micro-batching engine per task, holding the task's
 * ACTIVE version. A promotion loads the new version beside the old one, warms it and
 * swaps atomically; the engine frees the old one once its in-flight batches are done, so
 * no request fails. An artifact whose checksum does not match is refused and the previous
 * version keeps serving. Readiness ({@code models}) is DOWN until every task that has an
 * ACTIVE version serves it.
 */
@Component("models")
public class ModelServing implements SmartLifecycle, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(ModelServing.class);

	private final ModelRegistry registry;

	private final MediaStorage media;

	private final ServingProperties properties;

	private final Map<Task, BatchingEngine> engines = new EnumMap<>(Task.class);

	/** The model version each engine holds now. */
	private final Map<Task, ModelVersion> serving = new ConcurrentHashMap<>();

	/**
	 * Versions whose artifact was refused: not tried again until another version is
	 * promoted.
	 */
	private final Map<Task, Long> refused = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile boolean initialLoadDone;

	ModelServing(ModelRegistry registry, MediaStorage media, ServingProperties properties) {
		this.registry = registry;
		this.media = media;
		this.properties = properties;
	}

	/** A prediction with the version that made it. */
	public record Served(Classification prediction, ModelVersion version) {
	}

	/** The current model of {@code task}, to turn an input into features. */
	public Predictor predictor(Task task) {
		BatchingEngine engine = this.engines.get(task);
		if (engine == null || !(engine.predictor() instanceof Predictor predictor)) {
			throw new NoModelException(task.id());
		}
		return predictor;
	}

	/**
	 * Queues {@code features} into the task's engine.
	 * @throws NoModelException when the task has no model yet
	 * @throws io.deepdock.core.ml.serving.EngineOverloadedException when the queue is
	 * full
	 */
	public CompletableFuture<Served> predict(Task task, float[] features) {
		ModelVersion version = this.serving.get(task);
		BatchingEngine engine = this.engines.get(task);
		if (version == null || engine == null) {
			throw new NoModelException(task.id());
		}
		return engine.submit(features).thenApply((prediction) -> new Served(prediction, version));
	}

	/** What a task's engine has done so far, for the metrics ({@link ServingMetrics}). */
	public record EngineCounts(long batches, long rows, int queued) {

		static final EngineCounts NONE = new EngineCounts(0, 0, 0);

	}

	/** The counts of the task's engine; zeros before the engines start. */
	public EngineCounts counts(Task task) {
		BatchingEngine engine = this.engines.get(task);
		return (engine == null) ? EngineCounts.NONE
				: new EngineCounts(engine.batches(), engine.rows(), engine.queued());
	}

	public Optional<ModelVersion> serving(Task task) {
		return Optional.ofNullable(this.serving.get(task));
	}

	/** Makes every engine hold its task's ACTIVE version. */
	@Scheduled(fixedDelayString = "${deepdock.serving.reconcile-interval:30s}",
			initialDelayString = "${deepdock.serving.reconcile-interval:30s}")
	public void reconcile() {
		for (Task task : Task.values()) {
			reconcile(task);
		}
	}

	/** Makes the engine of {@code task} hold its ACTIVE version. */
	public synchronized void reconcile(Task task) {
		if (!this.running) {
			return;
		}
		Optional<ModelVersion> active;
		try {
			active = this.registry.active(task.id());
		}
		catch (RuntimeException ex) {
			log.warn("Could not look up the ACTIVE {} model: {}", task.id(), ex.getMessage());
			return;
		}
		if (active.isEmpty()) {
			return;
		}
		ModelVersion wanted = active.get();
		ModelVersion current = this.serving.get(task);
		if ((current != null && current.getId().equals(wanted.getId()))
				|| wanted.getId().equals(this.refused.get(task))) {
			return;
		}
		long started = System.nanoTime();
		try (InputStream in = this.media.open(wanted.getArtifactPath())) {
			LoadedModel model = ModelArtifacts.read(in, wanted.getArtifactSha256(), task);
			// the engine warms the new model with a full batch, swaps, and frees the old
			// one when idle
			this.engines.get(task).swap(new Predictor(model));
			this.serving.put(task, wanted);
			this.refused.remove(task);
			log.info("Serving {} v{} (was {}), loaded and warmed in {} ms", task.id(), wanted.getVersion(),
					(current != null) ? "v" + current.getVersion() : "none", (System.nanoTime() - started) / 1_000_000);
		}
		catch (IOException | RuntimeException ex) {
			this.refused.put(task, wanted.getId());
			log.error("Refusing {} v{}: {}. {}", task.id(), wanted.getVersion(), ex.getMessage(),
					(current != null) ? "Still serving v" + current.getVersion() + "." : "Nothing is served.");
		}
	}

	@Override
	public Health health() {
		Health.Builder health = this.initialLoadDone ? Health.up() : Health.outOfService();
		for (Task task : Task.values()) {
			ModelVersion version = this.serving.get(task);
			health.withDetail(task.id(), (version != null) ? "v" + version.getVersion() : "no model");
		}
		return health.build();
	}

	@Override
	public void start() {
		EngineSettings settings = new EngineSettings(this.properties.maxBatchSize(), this.properties.maxDelay(),
				this.properties.queueCapacity(), this.properties.workers());
		for (Task task : Task.values()) {
			this.engines.put(task, new BatchingEngine(task.id(), settings));
		}
		this.running = true;
		// load before the replica reports ready; a task without an ACTIVE version is
		// ready with no model
		reconcile();
		this.initialLoadDone = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.engines.values().forEach(BatchingEngine::close);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
