package io.deepdock.launcher.control;

import java.io.PrintStream;
import java.util.Optional;

import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.processes.HealthProbe;
import io.deepdock.launcher.state.InstanceLock;
import io.deepdock.launcher.state.RunState;
import io.deepdock.launcher.state.StateFile;

/**
 * {@code ./deepdock status}: the processes of the running platform, their ports and what
 * their health endpoints say now.
 */
public final class StatusCommand {

	private final Layout layout;

	private final PrintStream console;

	private final HealthProbe health = new HealthProbe();

	public StatusCommand(Layout layout, PrintStream console) {
		this.layout = layout;
		this.console = console;
	}

	/**
	 * @return 0 when everything is up, 1 when something is not, 3 when nothing runs
	 */
	public int run() {
		boolean launcherAlive = InstanceLock.isHeld(this.layout.lockFile());
		Optional<RunState> read = new StateFile(this.layout.stateFile()).read();
		if (read.isEmpty()) {
			this.console.println(launcherAlive ? "deepdock is starting (no state yet in " + this.layout.home() + ")"
					: "deepdock is not running (state directory " + this.layout.home() + ")");
			return launcherAlive ? 1 : 3;
		}
		RunState state = read.get();
		boolean allUp = launcherAlive;
		this.console.printf("deepdock %s at %s (launcher pid %d%s), started %s%n",
				launcherAlive ? state.phase() : "DEAD", state.url(), state.launcherPid(),
				launcherAlive ? "" : ", not running: ./deepdock down cleans up", state.startedAt());
		this.console.printf("  %-12s %8s %-6s %6s  %-14s %s%n", "SERVICE", "PID", "ALIVE", "PORT", "HEALTH", "LOG");
		if (state.nginx() != null) {
			String lbHealth = this.health.status(state.url() + "actuator/health");
			allUp &= "UP".equals(lbHealth);
			this.console.printf("  %-12s %8d %-6s %6d  %-14s %s%n", "nginx", state.nginx().pid(),
					alive(state.nginx().pid()), state.nginx().port(), lbHealth, state.nginx().errorLog());
		}
		for (RunState.Service service : state.services()) {
			String status = this.health.status(service.health());
			allUp &= "UP".equals(status);
			this.console.printf("  %-12s %8d %-6s %6d  %-14s %s%n", service.name(), service.pid(), alive(service.pid()),
					service.port(), status, service.log());
		}
		this.console.printf("  %-12s %s%n", "postgres", state.infrastructure().database());
		this.console.printf("  %-12s %s (%s)%n", "amqp", state.infrastructure().broker(),
				state.infrastructure().mode());
		return allUp ? 0 : 1;
	}

	private static String alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? "yes" : "no";
	}

}
