package io.deepdock.launcher.up;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.deepdock.embedded.FreePorts;
import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.nginx.LocalNginxConfig;
import io.deepdock.launcher.nginx.Nginx;
import io.deepdock.launcher.processes.HealthProbe;
import io.deepdock.launcher.processes.LogTail;
import io.deepdock.launcher.processes.ManagedProcess;
import io.deepdock.launcher.processes.ServiceRole;

/**
 * {@code ./deepdock rollout webapp}, done by the launcher that owns the processes: the
 * local twin of Swarm's {@code update_config: order: start-first, parallelism: 1}. For
 * each web replica in turn:
 * <ol>
 * <li>start its successor on a new port and wait until its readiness is UP;</li>
 * <li>rewrite nginx's upstream with the successor in and the old replica marked
 * {@code down}, check it ({@code nginx -t}) and reload nginx; wait until nginx's old
 * workers, which may still hold requests to the old replica, have finished them and
 * exited;</li>
 * <li>stop the old replica (SIGTERM: Spring's graceful shutdown), which no longer gets a
 * request.</li>
 * </ol>
 * A successor that is not ready in time is stopped and the rollout ends there, the old
 * replica still serving (Swarm's {@code failure_action}).
 */
final class WebappRollout {

	/** How long nginx's old workers may take to finish their requests after a reload. */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	/** How long an old replica may take over its graceful shutdown. */
	static final Duration STOP_GRACE = Duration.ofSeconds(30);

	/**
	 * A running web replica.
	 *
	 * @param name e.g. {@code webapp-1}, kept by its successor
	 */
	record Replica(String name, int port, ManagedProcess process) {
	}

	private final Nginx nginx;

	private final Layout layout;

	private final ManagedProcess nginxProcess;

	private final Replicas replicas;

	private final BooleanSupplier stopRequested;

	private final HealthProbe health;

	private final Duration readyTimeout;

	private final Consumer<String> progress;

	private LocalNginxConfig config;

	/**
	 * How the launcher starts web replicas and lets go of them: a started successor is
	 * part of the platform at once, so that a stop during the rollout stops it too.
	 */
	interface Replicas {

		/** Starts a replica, follows its log and counts it as part of the platform. */
		ManagedProcess start(LocalTopology.PlannedService planned);

		/** A replica that has stopped (an old one, or a successor that failed). */
		void retire(ManagedProcess process);

	}

	/**
	 * @param replicas starts and retires web replicas
	 * @param stopRequested whether the launcher is asked to stop: the rollout ends
	 * @param progress receives a line per step
	 */
	WebappRollout(Nginx nginx, ManagedProcess nginxProcess, LocalNginxConfig config, Layout layout, Replicas replicas,
			BooleanSupplier stopRequested, HealthProbe health, Duration readyTimeout, Consumer<String> progress) {
		this.nginx = nginx;
		this.nginxProcess = nginxProcess;
		this.config = config;
		this.layout = layout;
		this.replicas = replicas;
		this.stopRequested = stopRequested;
		this.health = health;
		this.readyTimeout = readyTimeout;
		this.progress = progress;
	}

	LocalNginxConfig config() {
		return this.config;
	}

	/**
	 * Replaces the replicas one at a time.
	 * @param replicas the running ones, in order
	 * @param replaced called after each replacement with the old replica and its
	 * successor
	 * @param reserved ports that a successor must not take (nginx, other services)
	 * @throws DeepdockException when a successor does not become ready; the replicas
	 * replaced so far stay replaced
	 */
	void run(List<Replica> replicas, Set<Integer> reserved, Replaced replaced) {
		List<Replica> current = new ArrayList<>(replicas);
		Set<Integer> taken = new HashSet<>(reserved);
		current.forEach((replica) -> taken.add(replica.port()));
		Set<Integer> stopped = new LinkedHashSet<>();
		for (int i = 0; i < current.size(); i++) {
			Replica old = current.get(i);
			int port = LocalTopology.distinct(FreePorts::find, taken);
			this.progress.accept(old.name() + ": starting its successor on port " + port);
			Instant started = Instant.now();
			ManagedProcess successor = this.replicas
				.start(new LocalTopology.PlannedService(old.name(), ServiceRole.WEBAPP, port));
			awaitReady(old.name(), successor, port);
			this.progress.accept(old.name() + ": the successor (pid " + successor.pid() + ") is ready after "
					+ seconds(Duration.between(started, Instant.now())) + "; draining the old one (port " + old.port()
					+ ") out of nginx");
			Replica next = new Replica(old.name(), port, successor);
			List<Integer> ports = new ArrayList<>(current.stream().map(Replica::port).toList());
			ports.removeAll(stopped);
			ports.add(port);
			reload(ports, Set.of(old.port()));
			this.progress.accept(old.name() + ": stopping the old one (pid " + old.process().pid() + ")");
			old.process().requestStop();
			if (!old.process().awaitStop(STOP_GRACE)) {
				this.progress.accept(old.name() + ": the old one did not stop within " + STOP_GRACE.toSeconds()
						+ " s and was killed");
			}
			this.replicas.retire(old.process());
			stopped.add(old.port());
			current.set(i, next);
			replaced.accept(old, next);
		}
		reload(current.stream().map(Replica::port).toList(), Set.of());
		this.progress.accept("every web replica was replaced: "
				+ current.stream().map((r) -> r.name() + " on " + r.port()).collect(Collectors.joining(", ")));
	}

	@FunctionalInterface
	interface Replaced {

		void accept(Replica old, Replica successor);

	}

	private void awaitReady(String name, ManagedProcess successor, int port) {
		String url = "http://127.0.0.1:" + port + ServiceRole.READINESS_PATH;
		Instant deadline = Instant.now().plus(this.readyTimeout);
		while (!this.health.isUp(url)) {
			boolean stopping = this.stopRequested.getAsBoolean();
			if (stopping || !successor.isAlive() || Instant.now().isAfter(deadline)) {
				String why = stopping ? "was stopped with the launcher"
						: successor.isAlive() ? "was not ready within " + this.readyTimeout.toSeconds() + " s"
								: "exited with code " + successor.exitValue();
				successor.requestStop();
				successor.awaitStop(STOP_GRACE);
				this.replicas.retire(successor);
				throw new DeepdockException(name + "'s successor " + why + "; the old replica keeps serving. Its log "
						+ successor.log() + " ends with:\n" + LogTail.quote(successor.log(), 20));
			}
			pause(Duration.ofMillis(250));
		}
	}

	/**
	 * Writes the upstream, checks it, reloads nginx and waits until the workers that ran
	 * the previous configuration have exited: from then on no request reaches a replica
	 * marked down.
	 */
	private void reload(List<Integer> ports, Set<Integer> draining) {
		this.config = this.config.withWebapps(ports, draining);
		Path main = this.config.write(this.layout, this.nginx.mimeTypes());
		this.nginx.test(main);
		Set<Long> previousWorkers = workers();
		this.nginx.reload(main);
		Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
		while (!drained(previousWorkers)) {
			if (Instant.now().isAfter(deadline) || this.stopRequested.getAsBoolean()) {
				// long-lived requests (server-sent events) keep an old worker: their
				// browsers
				// reconnect when the old replica stops
				this.progress.accept(
						"nginx's old workers still hold requests after " + DRAIN_TIMEOUT.toSeconds() + " s; going on");
				return;
			}
			pause(Duration.ofMillis(100));
		}
	}

	/** Every worker of before the reload has exited, and new ones run. */
	private boolean drained(Set<Long> previousWorkers) {
		Set<Long> now = workers();
		boolean oldGone = previousWorkers.stream().noneMatch(now::contains);
		boolean newRunning = now.stream().anyMatch((pid) -> !previousWorkers.contains(pid));
		return oldGone && newRunning;
	}

	private Set<Long> workers() {
		return this.nginxProcess.children();
	}

	private static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeepdockException("interrupted during the rollout", ex);
		}
	}

}
