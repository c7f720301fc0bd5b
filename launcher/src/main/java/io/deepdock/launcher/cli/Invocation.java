package io.deepdock.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the user asked for, parsed and validated.
 */
public sealed interface Invocation {

	/** The state directory named with {@code --home}, or {@code null} for the default. */
	Path home();

	/**
	 * {@code up}: start the local platform.
	 *
	 * @param home the state directory ({@code --home}), or {@code null}
	 * @param web webapp replicas
	 * @param workers worker replicas
	 * @param port the port that nginx (or, without nginx, the first webapp) listens on
	 * @param nginx whether to put nginx in front when it is installed
	 * @param readyTimeout how long to wait for every service to become ready, or
	 * {@code null} for the configured default
	 */
	record Up(Path home, int web, int workers, int port, boolean nginx, Duration readyTimeout) implements Invocation {
	}

	/**
	 * {@code train TASK [options]}: train in the foreground without the web; the options
	 * go to the worker's train command, which validates them.
	 *
	 * @param home the state directory ({@code --home}), or {@code null}
	 * @param arguments the task and its options
	 */
	record Train(Path home, java.util.List<String> arguments) implements Invocation {
	}

	/**
	 * {@code rollout webapp}: replace the running platform's web replicas one at a time,
	 * without failing a request.
	 *
	 * @param home the state directory ({@code --home}), or {@code null}
	 * @param role what to roll out (only {@code webapp})
	 * @param timeout how long to wait for the whole rollout
	 */
	record Rollout(Path home, String role, Duration timeout) implements Invocation {
	}

	/** {@code down}: stop the platform that runs from the state directory. */
	record Down(Path home) implements Invocation {
	}

	/** {@code status}: list its processes and their health. */
	record Status(Path home) implements Invocation {
	}

	/**
	 * {@code logs SERVICE [-f]}: print one service's log (webapp-1, worker-1, scheduler,
	 * nginx), and with {@code -f} follow it until Ctrl-C.
	 *
	 * @param home the state directory ({@code --home}), or {@code null}
	 * @param service the service's name as {@code status} lists it
	 * @param follow whether to keep printing what is appended
	 */
	record Logs(Path home, String service, boolean follow) implements Invocation {
	}

	/** {@code help}. */
	record Help() implements Invocation {

		@Override
		public Path home() {
			return null;
		}

	}

}
