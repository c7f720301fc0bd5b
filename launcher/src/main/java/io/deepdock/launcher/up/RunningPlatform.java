package io.deepdock.launcher.up;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepdock.launcher.infrastructure.Infrastructure;
import io.deepdock.launcher.processes.ManagedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code up} has started so far, stopped in the reverse order of need: the services
 * first (all at once, each given time for a graceful stop), then nginx, then the broker
 * and PostgreSQL, which the services needed until the end.
 */
final class RunningPlatform {

	private static final Logger log = LoggerFactory.getLogger(RunningPlatform.class);

	private final Duration grace;

	private final List<ManagedProcess> services = new ArrayList<>();

	private ManagedProcess nginx;

	private Infrastructure infrastructure;

	RunningPlatform(Duration grace) {
		this.grace = grace;
	}

	synchronized void infrastructure(Infrastructure infrastructure) {
		this.infrastructure = infrastructure;
	}

	synchronized void service(ManagedProcess service) {
		this.services.add(service);
	}

	synchronized void nginx(ManagedProcess nginx) {
		this.nginx = nginx;
	}

	/** A replica that a rollout has stopped: no longer part of the platform. */
	synchronized void remove(ManagedProcess service) {
		this.services.remove(service);
	}

	synchronized List<ManagedProcess> services() {
		return List.copyOf(this.services);
	}

	/** The services and nginx. */
	synchronized List<ManagedProcess> processes() {
		List<ManagedProcess> processes = new ArrayList<>(this.services);
		if (this.nginx != null) {
			processes.add(this.nginx);
		}
		return processes;
	}

	/** A second Ctrl-C: no more waiting for graceful stops. */
	void kill() {
		for (ManagedProcess service : services()) {
			service.requestStop();
			service.awaitStop(Duration.ZERO);
		}
	}

	void stop() {
		List<ManagedProcess> running = services().stream().filter(ManagedProcess::isAlive).toList();
		if (!running.isEmpty()) {
			log.info("Stopping {}", String.join(", ", running.stream().map(ManagedProcess::name).toList()));
			running.forEach(ManagedProcess::requestStop);
			for (ManagedProcess service : running) {
				if (!service.awaitStop(this.grace)) {
					log.warn("{} did not stop within {} s and was killed", service.name(), this.grace.toSeconds());
				}
			}
		}
		ManagedProcess nginxProcess;
		Infrastructure infra;
		synchronized (this) {
			nginxProcess = this.nginx;
			infra = this.infrastructure;
			this.nginx = null;
			this.infrastructure = null;
		}
		if (nginxProcess != null && nginxProcess.isAlive()) {
			log.info("Stopping nginx");
			nginxProcess.requestStop();
			nginxProcess.awaitStop(Duration.ofSeconds(10));
		}
		if (infra != null) {
			infra.close();
		}
	}

}
