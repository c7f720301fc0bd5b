package io.deepdock.launcher.processes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Echoes the services' log files to the console, each line prefixed with the service name
 * ({@code [webapp-1] ...}): only their warnings and errors (see {@link ConsoleFilter}),
 * unless {@code everything} is asked for ({@code DEEPDOCK_CONSOLE=all}). The processes
 * write to their files, not to a pipe, so their logs survive the launcher; this only
 * follows the files, and {@code ./deepdock logs SERVICE} shows one whole.
 */
public final class ConsoleEcho implements AutoCloseable {

	private final PrintStream console;

	private final List<Followed> files = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "deepdock-console-echo");
		thread.setDaemon(true);
		return thread;
	});

	private final boolean everything;

	public ConsoleEcho(PrintStream console) {
		this(console, false);
	}

	public ConsoleEcho(PrintStream console, boolean everything) {
		this.console = console;
		this.everything = everything;
		this.poller.scheduleWithFixedDelay(this::poll, 200, 200, TimeUnit.MILLISECONDS);
	}

	/**
	 * Follows a file from its start (each run starts a fresh log: the old one is kept as
	 * .1). A file followed already (a replica's successor writes the same log) is
	 * followed once.
	 */
	public void follow(String name, Path file) {
		String prefix = "[" + name + "] ";
		if (this.files.stream().noneMatch((f) -> f.prefix.equals(prefix) && f.file.equals(file))) {
			this.files.add(new Followed(prefix, file, new ConsoleFilter(this.everything)));
		}
	}

	private void poll() {
		for (Followed followed : this.files) {
			followed.echo(this.console);
		}
	}

	/** Echoes what is left, then stops. */
	@Override
	public void close() {
		this.poller.shutdown();
		try {
			this.poller.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		poll();
	}

	private static final class Followed {

		private final String prefix;

		private final Path file;

		private long position;

		private final StringBuilder partial = new StringBuilder();

		private final ConsoleFilter filter;

		Followed(String prefix, Path file, ConsoleFilter filter) {
			this.prefix = prefix;
			this.file = file;
			this.filter = filter;
		}

		synchronized void echo(PrintStream console) {
			try (RandomAccessFile in = new RandomAccessFile(this.file.toFile(), "r")) {
				long length = in.length();
				if (length < this.position) {
					this.position = 0; // replaced
				}
				if (length == this.position) {
					return;
				}
				byte[] bytes = new byte[(int) Math.min(length - this.position, 1 << 20)];
				in.seek(this.position);
				in.readFully(bytes);
				this.position += bytes.length;
				this.partial.append(new String(bytes, StandardCharsets.UTF_8));
				int newline;
				while ((newline = this.partial.indexOf("\n")) >= 0) {
					String line = this.partial.substring(0, newline);
					if (this.filter.shows(line)) {
						console.println(this.prefix + line);
					}
					this.partial.delete(0, newline + 1);
				}
			}
			catch (IOException ex) {
				// not created yet
			}
		}

	}

}
