package io.deepdock.launcher.up;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.processes.LogTail;
import io.deepdock.launcher.processes.ManagedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the services that die while the platform is up, as Swarm does with its
 * {@code restart_policy}: on the same port, after a backoff ({@link RestartPolicy}), and
 * says so on the console ("webapp-2 exited with code 137; restarting in 1 s (restart 1)",
 * then "webapp-2 is back, healthy"). It runs on the launcher's main thread, between
 * rollouts and never during one, and never once a stop is requested: the caller stops
 * asking it then.
 */
final class Supervisor {

	private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

	private static final int QUOTED_LINES = 20;

	/** What the launcher runs, as the supervisor sees it. */
	interface Services {

		/** The processes that should run, by name: the services and nginx. */
		Map<String, ManagedProcess> current();

		/**
		 * Starts a fresh one in the dead one's place, on its port, and makes it part of
		 * the platform (and of the run state) instead of the dead one.
		 */
		ManagedProcess restart(String name, ManagedProcess dead);

		/** Whether it answers ready. */
		boolean isReady(String name);

	}

	private final Services services;

	private final Map<String, Watched> watched = new LinkedHashMap<>();

	Supervisor(Services services) {
		this.services = services;
	}

	/** Looks at every service once: reports and schedules deaths, restarts when due. */
	void check(Instant now) {
		for (Map.Entry<String, ManagedProcess> entry : this.services.current().entrySet()) {
			String name = entry.getKey();
			ManagedProcess process = entry.getValue();
			Watched watched = this.watched.computeIfAbsent(name, (n) -> new Watched(process));
			if (watched.process != process) {
				// a rollout replaced it: the new one is watched from now on
				watched.process = process;
				watched.restartAt = null;
				watched.awaitingHealth = false;
			}
			if (watched.restartAt == null) {
				if (process.isAlive()) {
					watched.leftBehind = process.children();
					if (watched.awaitingHealth && this.services.isReady(name)) {
						watched.awaitingHealth = false;
						watched.policy.healthy(now);
						log.info("{} is back, healthy (pid {})", name, process.pid());
					}
				}
				else {
					exited(name, watched, now, "exited with code " + process.exitValue());
				}
			}
			else if (!now.isBefore(watched.restartAt)) {
				restart(name, watched, now);
			}
		}
	}

	/** The number of restarts in a row of a service, for tests. */
	int restarts(String name) {
		Watched watched = this.watched.get(name);
		return (watched != null) ? watched.policy.restarts() : 0;
	}

	private void exited(String name, Watched watched, Instant now, String why) {
		Duration delay = watched.policy.exited(now);
		watched.restartAt = now.plus(delay);
		watched.awaitingHealth = false;
		log.warn("{} {}; restarting in {} s (restart {}). Its log {} ends with:\n{}", name, why, delay.toSeconds(),
				watched.policy.restarts(), watched.process.log(), LogTail.quote(watched.process.log(), QUOTED_LINES));
	}

	private void restart(String name, Watched watched, Instant now) {
		// what the dead one left behind (nginx's workers) would keep its port
		for (long pid : watched.leftBehind) {
			ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		}
		watched.leftBehind = Set.of();
		try {
			ManagedProcess successor = this.services.restart(name, watched.process);
			watched.process = successor;
			watched.restartAt = null;
			watched.awaitingHealth = true;
			log.info("{} restarted (pid {}); waiting until it is healthy", name, successor.pid());
		}
		catch (DeepdockException ex) {
			exited(name, watched, now, "could not be restarted (" + ex.getMessage() + ")");
		}
	}

	private static final class Watched {

		private final RestartPolicy policy = new RestartPolicy();

		private ManagedProcess process;

		/** When the dead process is due to be restarted; null while it runs. */
		private Instant restartAt;

		/** Restarted, not yet reported healthy. */
		private boolean awaitingHealth;

		/** Its child processes, the last time it was seen alive. */
		private Set<Long> leftBehind = Set.of();

		Watched(ManagedProcess process) {
			this.process = process;
		}

	}

}
