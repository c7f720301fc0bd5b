package io.deepdock.core.contracts;

/** Kinds of job, each routed to its own worker queue. */
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

}
