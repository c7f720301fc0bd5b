package io.deepdock.launcher;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.deepdock.launcher.cli.CommandLine;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.cli.UsageException;
import io.deepdock.launcher.train.TrainCommand;
import io.deepdock.launcher.control.DownCommand;
import io.deepdock.launcher.control.LogsCommand;
import io.deepdock.launcher.control.RolloutCommand;
import io.deepdock.launcher.control.StatusCommand;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.up.UpCommand;

/**
 * The entry point of {@code ./deepdock}: runs the local platform ({@code up}), stops it
 * ({@code down}) and reports on it ({@code status}).
 */
public final class Deepdock {

	private Deepdock() {
	}

	public static void main(String[] args) {
		int code = 1;
		try {
			code = run(args, System.getenv(), System.out, System.err);
		}
		catch (RuntimeException | Error ex) {
			ex.printStackTrace();
		}
		finally {
			// the embedded broker's threads are not daemons: leave no JVM behind
			System.exit(code);
		}
	}

	static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
		Invocation invocation;
		try {
			invocation = CommandLine.parse(args);
		}
		catch (UsageException ex) {
			err.println("deepdock: " + ex.getMessage());
			err.println();
			err.print(CommandLine.USAGE);
			return 2;
		}
		if (invocation instanceof Invocation.Help) {
			out.print(CommandLine.USAGE);
			return 0;
		}
		Layout layout = Layout.resolve(invocation.home(), System.getProperty("deepdock.root"),
				environment.get("DEEPDOCK_HOME"));
		try {
			if (invocation instanceof Invocation.Up up) {
				return new UpCommand(layout, environment, out).run(up);
			}
			if (invocation instanceof Invocation.Train train) {
				return new TrainCommand(layout, environment, out).run(train);
			}
			if (invocation instanceof Invocation.Rollout rollout) {
				return new RolloutCommand(layout, out).run(rollout);
			}
			if (invocation instanceof Invocation.Logs logs) {
				return new LogsCommand(layout, out).run(logs);
			}
			if (invocation instanceof Invocation.Down) {
				return new DownCommand(layout, out).run();
			}
			return new StatusCommand(layout, out).run();
		}
		catch (DeepdockException | UncheckedIOException ex) {
			err.println("deepdock: " + ex.getMessage());
			return 1;
		}
	}

}
