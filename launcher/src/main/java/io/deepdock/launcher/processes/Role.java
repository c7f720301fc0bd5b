package io.deepdock.launcher.processes;

import java.util.Locale;

/**
 * The kinds of service process, with their memory bounds. Each bound can be changed with
 * {@code DEEPDOCK_<ROLE>_XMX}, {@code DEEPDOCK_<ROLE>_MAXBYTES} and
 * {@code DEEPDOCK_<ROLE>_MAXPHYSICALBYTES}.
 */
public enum Role {

	/** Pages, REST API and online inference: holds the promoted model off-heap. */
	WEBAPP("768m", "1g", "2g"),

	/** Training and batch inference: the largest native buffers. */
	WORKER("1g", "2g", "4g"),

	/** Fires schedules; no DL4J at run time. */
	SCHEDULER("256m", null, null);

	private final String heap;

	private final String maxBytes;

	private final String maxPhysicalBytes;

	Role(String heap, String maxBytes, String maxPhysicalBytes) {
		this.heap = heap;
		this.maxBytes = maxBytes;
		this.maxPhysicalBytes = maxPhysicalBytes;
	}

	/** {@code webapp}, {@code worker}, {@code scheduler}: module, jar and name prefix. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	String defaultHeap() {
		return this.heap;
	}

	/** JavaCPP's off-heap bound, or {@code null} when the role does not load ND4J. */
	String defaultMaxBytes() {
		return this.maxBytes;
	}

	String defaultMaxPhysicalBytes() {
		return this.maxPhysicalBytes;
	}

	boolean usesNd4j() {
		return this.maxBytes != null;
	}

}
