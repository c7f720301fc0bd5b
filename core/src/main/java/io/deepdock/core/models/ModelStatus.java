package io.deepdock.core.models;

/**
 * The lifecycle of a model version. At most one version per task is ACTIVE (a partial
 * unique index says so). DELETED: its owner (or an admin) deleted it; the row stays for
 * the jobs and predictions that name it, its artifact is gone.
 */
public enum ModelStatus {

	TRAINING, READY, ACTIVE, RETIRED, FAILED, DELETED

}
