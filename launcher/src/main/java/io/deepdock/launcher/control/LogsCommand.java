package io.deepdock.launcher.control;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.layout.Layout;

/**
 * {@code ./deepdock logs SERVICE [-f]}: one service's whole log, which {@code up} no
 * longer echoes (it shows only warnings and errors). The logs are the files the services
 * write under the state directory; {@code -f} keeps printing what they append, as
 * {@code tail -f} does, also across a restart that starts the file again.
 */
public final class LogsCommand {

	private static final Duration POLL = Duration.ofMillis(300);

	private final Layout layout;

	private final PrintStream console;

	public LogsCommand(Layout layout, PrintStream console) {
		this.layout = layout;
		this.console = console;
	}

	public int run(Invocation.Logs logs) {
		Path file = file(logs.service());
		if (!Files.isRegularFile(file)) {
			throw new DeepdockException("there is no log of '" + logs.service() + "' in " + this.layout.logs()
					+ "; the services that have one: " + String.join(", ", services()));
		}
		long position = print(file, 0);
		while (logs.follow()) {
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return 0;
			}
			position = print(file, position);
		}
		return 0;
	}

	Path file(String service) {
		return service.equals("nginx") ? this.layout.nginx().resolve("error.log") : this.layout.log(service);
	}

	/** Prints the file from {@code position}; from its start when it was replaced. */
	long print(Path file, long position) {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long length = in.length();
			long from = (length < position) ? 0 : position;
			byte[] buffer = new byte[64 * 1024];
			in.seek(from);
			for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
				this.console.write(buffer, 0, read);
				from += read;
			}
			this.console.flush();
			return from;
		}
		catch (IOException ex) {
			if (!Files.exists(file)) {
				return 0; // between a restart's rename and the new file
			}
			throw new UncheckedIOException(ex);
		}
	}

	private List<String> services() {
		List<String> names = new java.util.ArrayList<>();
		try (Stream<Path> files = Files.list(this.layout.logs())) {
			files.map((p) -> p.getFileName().toString())
				.filter((name) -> name.endsWith(".log"))
				.map((name) -> name.substring(0, name.length() - ".log".length()))
				.sorted()
				.forEach(names::add);
		}
		catch (IOException ex) {
			// no logs directory yet: none
		}
		if (Files.isRegularFile(file("nginx"))) {
			names.add("nginx");
		}
		return names.isEmpty() ? List.of("(none yet: ./deepdock up first)") : names;
	}

}
