package io.deepdock.launcher.up;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import io.deepdock.launcher.processes.ServiceRole;

/**
 * Which service processes a local run has, and their ports: {@code webapp-1..N},
 * {@code worker-1..M} and {@code scheduler-1}, the same names as the replicas in Swarm.
 */
final class LocalTopology {

	private LocalTopology() {
	}

	/**
	 * @param firstWebappPort the port of {@code webapp-1}, or 0 for a free one (nginx in
	 * front)
	 * @param reserved ports that are taken already (lb, assets, media)
	 * @param freePorts a source of free ports
	 */
	static List<PlannedService> plan(int web, int workers, int firstWebappPort, Set<Integer> reserved,
			IntSupplier freePorts) {
		Set<Integer> taken = new HashSet<>(reserved);
		List<PlannedService> services = new ArrayList<>();
		for (int i = 1; i <= web; i++) {
			int port = (i == 1 && firstWebappPort > 0) ? firstWebappPort : distinct(freePorts, taken);
			taken.add(port);
			services.add(new PlannedService(ServiceRole.WEBAPP.id() + "-" + i, ServiceRole.WEBAPP, port));
		}
		for (int i = 1; i <= workers; i++) {
			services.add(new PlannedService(ServiceRole.WORKER.id() + "-" + i, ServiceRole.WORKER,
					distinct(freePorts, taken)));
		}
		services.add(new PlannedService(ServiceRole.SCHEDULER.id() + "-1", ServiceRole.SCHEDULER,
				distinct(freePorts, taken)));
		return services;
	}

	/** A free port that nothing in this plan uses yet. */
	static int distinct(IntSupplier freePorts, Set<Integer> taken) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = freePorts.getAsInt();
			if (taken.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no distinct free port after 100 attempts");
	}

	/**
	 * @param name the replica name, e.g. {@code worker-1}
	 * @param port its HTTP port: the web port of a webapp, the management port of the
	 * others
	 */
	record PlannedService(String name, ServiceRole role, int port) {
	}

}
