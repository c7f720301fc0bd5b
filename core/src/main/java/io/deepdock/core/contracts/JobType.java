package io.deepdock.core.contracts;

/**
 * Kinds of job, each routed to its own worker queue, in one of two lanes (short or
 * training) that a worker serves with a consumer each.
 */
public enum JobType {

	IMPORT_DATASET(Topology.IMPORT_KEY), TRAIN(Topology.TRAIN_KEY), BATCH_PREDICT(Topology.BATCH_PREDICT_KEY),
	/** {@link #TRAIN} fired by a schedule, on the base dataset plus feedback labels. */
	RETRAIN(Topology.TRAIN_KEY);

	private final String routingKey;

	JobType(String routingKey) {
		this.routingKey = routingKey;
	}

	public String routingKey() {
		return this.routingKey;
	}

	/** {@link Topology#TRAINING_LANE} or {@link Topology#SHORT_LANE}. */
	public String lane() {
		return (this == TRAIN || this == RETRAIN) ? Topology.TRAINING_LANE : Topology.SHORT_LANE;
	}

	/** The job types of a lane. */
	public static java.util.List<JobType> inLane(String lane) {
		return java.util.Arrays.stream(values()).filter((type) -> type.lane().equals(lane)).toList();
	}

}
