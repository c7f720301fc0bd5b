package io.deepdock.launcher.nginx;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.processes.ManagedProcess;

/**
 * The nginx binary: found on {@code PATH} (or Debian's {@code /usr/sbin}), checked with
 * {@code nginx -t}, run in the foreground with its pid and temporary files under the
 * state directory.
 */
public final class Nginx {

	private final Path binary;

	private Nginx(Path binary) {
		this.binary = binary;
	}

	/** nginx, when it is installed. */
	public static Optional<Nginx> find(Map<String, String> environment) {
		List<String> directories = new ArrayList<>(
				List.of(environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)));
		// Debian puts it in /usr/sbin, which is not on a normal user's PATH
		directories.add("/usr/sbin");
		directories.add("/usr/local/sbin");
		for (String directory : directories) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, "nginx");
			if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
				return Optional.of(new Nginx(candidate));
			}
		}
		return Optional.empty();
	}

	public Path binary() {
		return this.binary;
	}

	/**
	 * The {@code mime.types} that comes with nginx, beside its default configuration.
	 */
	public Path mimeTypes() {
		for (Path candidate : List.of(Path.of("/etc/nginx/mime.types"), Path.of("/usr/local/nginx/conf/mime.types"),
				Path.of("/usr/local/etc/nginx/mime.types"), Path.of("/opt/homebrew/etc/nginx/mime.types"))) {
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new DeepdockException("nginx is installed at " + this.binary + " but its mime.types was not found");
	}

	/**
	 * Runs {@code nginx -t} on a configuration.
	 * @throws DeepdockException with nginx's own words when the configuration is invalid
	 */
	public void test(Path config) {
		List<String> command = command(config, "-t", "-q");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new DeepdockException("nginx -t did not finish: " + String.join(" ", command));
			}
			if (process.exitValue() != 0) {
				throw new DeepdockException(
						"nginx rejects " + config + ":\n" + new String(output, StandardCharsets.UTF_8).strip());
			}
		}
		catch (IOException ex) {
			throw new DeepdockException("could not run " + this.binary + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeepdockException("interrupted while testing the nginx configuration", ex);
		}
	}

	/**
	 * Asks the running nginx of a configuration to reload it ({@code nginx -s reload}):
	 * new workers take new requests at once, the old ones finish theirs and exit.
	 */
	public void reload(Path config) {
		List<String> command = command(config, "-s", "reload");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new DeepdockException(
						"nginx -s reload failed:\n" + new String(output, StandardCharsets.UTF_8).strip());
			}
		}
		catch (IOException ex) {
			throw new DeepdockException("could not run " + this.binary + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeepdockException("interrupted while reloading nginx", ex);
		}
	}

	/** Starts nginx in the foreground (it is a child of the launcher, not a daemon). */
	public ManagedProcess start(Path config, Path log, Path workingDirectory) {
		return ManagedProcess.start("nginx", command(config), Map.of(), log, workingDirectory);
	}

	private List<String> command(Path config, String... extra) {
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.add("-c");
		command.add(config.toString());
		// where nginx writes before it has read the configuration (its compiled-in log
		// may not
		// be writable)
		command.add("-e");
		command.add(config.resolveSibling("error.log").toString());
		// -p: relative paths and the compiled-in prefix resolve under our own directory
		command.add("-p");
		command.add(config.getParent().toString() + "/");
		command.add("-g");
		command.add("daemon off;");
		command.addAll(List.of(extra));
		return command;
	}

}
