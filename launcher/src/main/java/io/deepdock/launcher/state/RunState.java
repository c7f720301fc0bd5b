package io.deepdock.launcher.state;

import java.util.List;

/**
 * What {@code up} started, written to {@code .deepdock/run/state.json} so that
 * {@code down} and {@code status} can find it. Holds no passwords.
 *
 * @param launcherPid the launcher JVM, which owns everything else
 * @param startedAt ISO-8601 instant
 * @param phase {@code STARTING} until every service is ready, then {@code UP}
 * @param url where users go: nginx, or the first webapp without nginx
 * @param home the state directory
 * @param infrastructure the database and broker the services use
 * @param nginx nginx, or {@code null} when it does not run
 * @param services the service processes
 */
public record RunState(long launcherPid, String startedAt, String phase, String url, String home,
		Infrastructure infrastructure, Nginx nginx, List<Service> services) {

	public static final String STARTING = "STARTING";

	public static final String UP = "UP";

	public RunState {
		services = (services != null) ? List.copyOf(services) : List.of();
	}

	public RunState withPhase(String newPhase, String newUrl) {
		return new RunState(this.launcherPid, this.startedAt, newPhase, newUrl, this.home, this.infrastructure,
				this.nginx, this.services);
	}

	/** The same state with one service's process replaced (a rollout, a restart). */
	public RunState withService(String name, long pid, int port, String health) {
		List<Service> replaced = this.services.stream()
			.map((service) -> service.name().equals(name)
					? new Service(service.name(), service.role(), pid, port, service.log(), health) : service)
			.toList();
		return new RunState(this.launcherPid, this.startedAt, this.phase, this.url, this.home, this.infrastructure,
				this.nginx, replaced);
	}

	/** The same state with nginx's master restarted. */
	public RunState withNginxPid(long pid) {
		Nginx restarted = new Nginx(pid, this.nginx.port(), this.nginx.assetsPort(), this.nginx.mediaPort(),
				this.nginx.config(), this.nginx.errorLog());
		return new RunState(this.launcherPid, this.startedAt, this.phase, this.url, this.home, this.infrastructure,
				restarted, this.services);
	}

	/**
	 * @param mode {@code embedded} or {@code external}
	 * @param database JDBC URL
	 * @param broker AMQP address without credentials
	 * @param postgresPid the embedded PostgreSQL server, or 0
	 */
	public record Infrastructure(String mode, String database, String broker, long postgresPid) {
	}

	public record Nginx(long pid, int port, int assetsPort, int mediaPort, String config, String errorLog) {
	}

	/**
	 * @param name e.g. {@code webapp-1}
	 * @param role {@code webapp}, {@code worker} or {@code scheduler}
	 * @param health the actuator health URL
	 */
	public record Service(String name, String role, long pid, int port, String log, String health) {
	}

}
