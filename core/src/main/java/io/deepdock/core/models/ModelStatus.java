package io.deepdock.core.models;

/**
 * The lifecycle of a model version. At most one version per task is ACTIVE (a partial
 * unique index says so).
 */
public enum ModelStatus {

	TRAINING, READY, ACTIVE, RETIRED, FAILED

}
