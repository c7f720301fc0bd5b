package io.deepdock.launcher.control;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.state.InstanceLock;
import io.deepdock.launcher.state.RunState;
import io.deepdock.launcher.state.StateFile;

/**
 * {@code ./deepdock down}: asks the launcher to stop (SIGTERM, as Ctrl-C would) and waits
 * until it has stopped everything. When the launcher died without cleaning up, stops the
 * processes that its state file lists.
 */
public final class DownCommand {

	static final Duration WAIT = Duration.ofSeconds(120);

	private final Layout layout;

	private final PrintStream console;

	public DownCommand(Layout layout, PrintStream console) {
		this.layout = layout;
		this.console = console;
	}

	/**
	 * @return the exit code
	 */
	public int run() {
		StateFile stateFile = new StateFile(this.layout.stateFile());
		Optional<RunState> state = stateFile.read();
		if (InstanceLock.isHeld(this.layout.lockFile())) {
			long pid = InstanceLock.ownerPid(this.layout.lockFile())
				.or(() -> state.map(RunState::launcherPid))
				.orElseThrow(() -> new DeepdockException(
						"a launcher holds " + this.layout.lockFile() + " but its pid is unknown"));
			stopLauncher(pid);
			this.console.println("deepdock stopped (launcher pid " + pid + ", state in " + this.layout.home() + ")");
			return 0;
		}
		if (state.isEmpty()) {
			this.console.println("deepdock is not running (no launcher for " + this.layout.home() + ")");
			return 0;
		}
		List<String> stopped = Leftovers.stop(state.get());
		stateFile.delete();
		this.console.println(stopped.isEmpty() ? "deepdock is not running; removed a stale " + stateFile.path()
				: "the launcher was gone; stopped what it had left running: " + String.join(", ", stopped));
		return 0;
	}

	private void stopLauncher(long pid) {
		Optional<ProcessHandle> launcher = ProcessHandle.of(pid);
		if (launcher.isEmpty()) {
			return;
		}
		launcher.get().destroy();
		try {
			launcher.get().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			throw new DeepdockException("the launcher (pid " + pid + ") is still stopping after " + WAIT.toSeconds()
					+ " s; see the logs in " + this.layout.logs());
		}
		catch (ExecutionException ex) {
			throw new DeepdockException("could not wait for the launcher (pid " + pid + "): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeepdockException("interrupted while waiting for the launcher (pid " + pid + ")", ex);
		}
	}

}
