package io.deepdock.core.contracts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The AMQP names, declared once. {@code namespace} prefixes every exchange and queue; it
 * is empty in production and lets test runs share one broker without seeing each other's
 * messages.
 */
@ConfigurationProperties("deepdock.amqp")
public record Topology(@DefaultValue("") String namespace) {

	/** Direct exchange that routes jobs to worker queues by job kind. */
	public static final String JOBS_EXCHANGE = "deepdock.jobs";

	/**
	 * Topic exchange for progress and model events; every web replica binds its own
	 * exclusive queue.
	 */
	public static final String EVENTS_EXCHANGE = "deepdock.events";

	public static final String TRAIN_QUEUE = "jobs.train";

	public static final String BATCH_PREDICT_QUEUE = "jobs.batch-predict";

	public static final String IMPORT_QUEUE = "jobs.import";

	/**
	 * Messages that could not be processed; fed by the application (republish), never by
	 * broker arguments.
	 */
	public static final String DEAD_QUEUE = "jobs.dead";

	/**
	 * The lane of long work: trainings. A worker runs at most one job of each lane at a
	 * time, each lane on its own consumer, so short work never waits behind a training.
	 */
	public static final String TRAINING_LANE = "training";

	/** The lane of short work: dataset imports and batch predictions. */
	public static final String SHORT_LANE = "short";

	/** The queues of the training lane. */
	public static final String[] TRAINING_LANE_QUEUES = { TRAIN_QUEUE };

	/** The queues of the short lane. */
	public static final String[] SHORT_LANE_QUEUES = { BATCH_PREDICT_QUEUE, IMPORT_QUEUE };

	public static final String TRAIN_KEY = "train";

	public static final String BATCH_PREDICT_KEY = "batch-predict";

	public static final String IMPORT_KEY = "import";

	public static final String DEAD_KEY = "dead";

	/**
	 * Binding pattern for every job event ({@link #jobStateKey},
	 * {@link #jobProgressKey}): each web replica relays them to its SSE clients.
	 */
	public static final String JOB_EVENTS_PATTERN = "job.#";

	/** Binding pattern for {@link #modelPromotedKey} of every task. */
	public static final String MODEL_PROMOTED_PATTERN = "model.*.promoted";

	/**
	 * The listener container factory for job queues: prefetch 1, manual acknowledgement.
	 */
	public static final String JOB_LISTENER_FACTORY = "jobListenerFactory";

	public String jobsExchange() {
		return this.namespace + JOBS_EXCHANGE;
	}

	public String eventsExchange() {
		return this.namespace + EVENTS_EXCHANGE;
	}

	public String queue(String name) {
		return this.namespace + name;
	}

	public String trainQueue() {
		return queue(TRAIN_QUEUE);
	}

	public String batchPredictQueue() {
		return queue(BATCH_PREDICT_QUEUE);
	}

	public String importQueue() {
		return queue(IMPORT_QUEUE);
	}

	public String deadQueue() {
		return queue(DEAD_QUEUE);
	}

	/** Routing key of a job's state change ({@code JobStateChanged}). */
	public static String jobStateKey(long jobId) {
		return "job." + jobId + ".state";
	}

	/** Routing key of a job's progress point ({@code JobProgressed}). */
	public static String jobProgressKey(long jobId) {
		return "job." + jobId + ".progress";
	}

	/** Routing key of a promotion ({@code ModelPromoted}) for one task. */
	public static String modelPromotedKey(String task) {
		return "model." + task + ".promoted";
	}

}
