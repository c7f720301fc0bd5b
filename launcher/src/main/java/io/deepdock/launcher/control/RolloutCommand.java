package io.deepdock.launcher.control;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.state.InstanceLock;
import io.deepdock.launcher.state.RunState;
import io.deepdock.launcher.state.StateFile;

/**
 * {@code ./deepdock rollout webapp}: asks the running launcher to replace its web
 * replicas one at a time (start the new one, wait until it is ready, drain the old one
 * out of nginx, stop it) and prints the launcher's progress until it ends.
 */
public final class RolloutCommand {

	private static final Duration POLL = Duration.ofMillis(200);

	private final Layout layout;

	private final PrintStream console;

	public RolloutCommand(Layout layout, PrintStream console) {
		this.layout = layout;
		this.console = console;
	}

	/**
	 * @return the exit code: 0 when every replica was replaced
	 */
	public int run(Invocation.Rollout rollout) {
		Optional<RunState> state = new StateFile(this.layout.stateFile()).read();
		if (!InstanceLock.isHeld(this.layout.lockFile()) || state.isEmpty()) {
			throw new DeepdockException("deepdock is not running from " + this.layout.home()
					+ ": start it with ./deepdock up, then roll out.");
		}
		if (!RunState.UP.equals(state.get().phase())) {
			throw new DeepdockException("deepdock is still starting; roll out once ./deepdock up says it is up.");
		}
		RolloutChannel channel = new RolloutChannel(this.layout.run());
		RolloutChannel.Request request = channel.submit(rollout.role())
			.orElseThrow(
					() -> new DeepdockException("another rollout is waiting for the launcher; try again after it"));
		Instant deadline = Instant.now().plus(rollout.timeout());
		int printed = 0;
		while (true) {
			Optional<String> result = channel.result(request.id());
			printed = printNewLines(channel, request.id(), printed);
			if (result.isPresent()) {
				channel.clean(request.id());
				if (RolloutChannel.OK.equals(result.get())) {
					return 0;
				}
				this.console.println("deepdock: rollout " + result.get());
				return 1;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new DeepdockException("the rollout did not end within " + rollout.timeout().toSeconds()
						+ " s; it goes on in the launcher (see " + this.layout.log("launcher") + ")");
			}
			if (!InstanceLock.isHeld(this.layout.lockFile())) {
				throw new DeepdockException(
						"the launcher stopped during the rollout; see " + this.layout.log("launcher"));
			}
			sleep();
		}
	}

	private int printNewLines(RolloutChannel channel, String id, int printed) {
		if (!Files.exists(channel.log(id))) {
			return printed;
		}
		try {
			List<String> lines = Files.readAllLines(channel.log(id));
			for (int i = printed; i < lines.size(); i++) {
				this.console.println(lines.get(i));
			}
			this.console.flush();
			return Math.max(printed, lines.size());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeepdockException("interrupted while waiting for the rollout", ex);
		}
	}

}
