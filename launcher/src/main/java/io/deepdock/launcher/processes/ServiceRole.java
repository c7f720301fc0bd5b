package io.deepdock.launcher.processes;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of service process, as data: memory bounds, port, health endpoints, native
 * threads and replica defaults. {@code stack.yml} deploys the same services with the same
 * figures, and {@code StackParityTests} holds the two equal.
 *
 * <p>
 * Each memory bound can be changed locally with {@code DEEPDOCK_<ROLE>_XMX},
 * {@code DEEPDOCK_<ROLE>_MAXBYTES} and {@code DEEPDOCK_<ROLE>_MAXPHYSICALBYTES}.
 */
public enum ServiceRole {

	/**
	 * Pages, REST API and online inference: holds the promoted models off-heap. Its live
	 * heap is ~60 MB after a full GC with the three models serving, so a 384m heap with
	 * the serial collector (no G1 remembered sets, ~50 MB less native memory) keeps the
	 * whole replica near 650 MB RSS under load (README, Performance).
	 */
	WEBAPP("384m", "1g", "2g", 8080, 1, 2, 4, List.of("-XX:+UseSerialGC"), false),

	/**
	 * Training and batch inference: the largest native buffers. Every training step
	 * leaves thousands of small ND4J arrays whose native memory is freed only when the
	 * collector finds their Java objects dead, so a small young generation, collected
	 * every second or so, keeps that garbage (and the process) small and flat; the old
	 * generation starts small and stays within 30 % of its live data; and the C heap's
	 * free pages, which hundreds of thousands of short-lived native buffers leave behind,
	 * go back to the system every 5 s. Measured in docs/performance.md, "A training
	 * process's memory".
	 */
	WORKER("1g", "2g", "4g", 8090, 2, 1, 2,
			List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmn48m", "-XX:SurvivorRatio=4", "-XX:MinHeapFreeRatio=10",
					"-XX:MaxHeapFreeRatio=30"),
			true),

	/** Fires schedules; no DL4J at run time. */
	SCHEDULER("256m", null, null, 8095, 1, 1, 1, List.of(), false);

	/** What Swarm's healthcheck asks: is the process alive (else restart it). */
	public static final String LIVENESS_PATH = "/actuator/health/liveness";

	/** What the launcher waits for before it sends traffic: is it ready to serve. */
	public static final String READINESS_PATH = "/actuator/health/readiness";

	private final String heap;

	private final String maxBytes;

	private final String maxPhysicalBytes;

	private final int port;

	private final int ompThreads;

	private final int localReplicas;

	private final int swarmReplicas;

	private final List<String> gcOptions;

	private final boolean trimsNativeHeap;

	ServiceRole(String heap, String maxBytes, String maxPhysicalBytes, int port, int ompThreads, int localReplicas,
			int swarmReplicas, List<String> gcOptions, boolean trimsNativeHeap) {
		this.heap = heap;
		this.maxBytes = maxBytes;
		this.maxPhysicalBytes = maxPhysicalBytes;
		this.port = port;
		this.ompThreads = ompThreads;
		this.localReplicas = localReplicas;
		this.swarmReplicas = swarmReplicas;
		this.gcOptions = gcOptions;
		this.trimsNativeHeap = trimsNativeHeap;
	}

	/**
	 * The garbage collector and its sizing, or none for the JVM's own choice (G1 on a
	 * machine with 2 or more cores and 2 GB).
	 */
	public List<String> gcOptions() {
		return this.gcOptions;
	}

	/**
	 * Whether the JVM gives the C heap's free pages back to the system periodically
	 * ({@code -XX:TrimNativeHeapInterval}, where the JVM has it).
	 */
	public boolean trimsNativeHeap() {
		return this.trimsNativeHeap;
	}

	/** {@code webapp}, {@code worker}, {@code scheduler}: module, jar and name prefix. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The heap ({@code -Xmx}); in a container, its share of the memory limit. */
	public String defaultHeap() {
		return this.heap;
	}

	/** JavaCPP's off-heap bound, or {@code null} when the role does not load ND4J. */
	public String defaultMaxBytes() {
		return this.maxBytes;
	}

	/** JavaCPP's bound on the whole process's physical memory, or {@code null}. */
	public String defaultMaxPhysicalBytes() {
		return this.maxPhysicalBytes;
	}

	public boolean usesNd4j() {
		return this.maxBytes != null;
	}

	/**
	 * The HTTP port in a container ({@code SERVER_PORT}): the web port of a webapp, the
	 * management port of the others. Locally every replica gets a free port instead.
	 */
	public int port() {
		return this.port;
	}

	/**
	 * ND4J's native threads ({@code OMP_NUM_THREADS}, docs/models.md): one for serving,
	 * whose latency suffers when OpenMP waits for a parked thread, two for training.
	 */
	public int ompThreads() {
		return this.ompThreads;
	}

	/** Replicas of {@code ./deepdock up} unless {@code --web} / {@code --workers} say. */
	public int localReplicas() {
		return this.localReplicas;
	}

	/** Replicas that {@code stack.yml} deploys. */
	public int swarmReplicas() {
		return this.swarmReplicas;
	}

}
