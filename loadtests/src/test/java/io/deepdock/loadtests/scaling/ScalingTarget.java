package io.deepdock.loadtests.scaling;

import java.time.Duration;

/**
 * Where {@code ./deepdock loadtest} scales the web replicas: this machine, or the Swarm
 * stack.
 */
interface ScalingTarget {

	/**
	 * Brings the platform to {@code replicas} web replicas and answers when it serves.
	 */
	Deployment scale(int replicas) throws Exception;

	/**
	 * What the report's title says of the replicas beyond their count (the Swarm: each
	 * web task's CPU limit); empty when nothing.
	 */
	default String describe() throws Exception {
		return "";
	}

	/** The platform at one replica count. */
	interface Deployment extends AutoCloseable {

		/** Where the users go (the lb), ending in a slash. */
		String url();

		String adminPassword() throws Exception;

		/** CPU per part over {@code length} from now, and RSS at its end. */
		LoadtestCommand.Sampled sample(Duration length) throws Exception;

	}

}
