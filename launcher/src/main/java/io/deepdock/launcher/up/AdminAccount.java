package io.deepdock.launcher.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web app's first admin on a local platform. An operator's own
 * {@code DEEPDOCK_ADMIN_PASSWORD} or {@code DEEPDOCK_ADMIN_PASSWORD_FILE} wins (the
 * services inherit it). Otherwise the first {@code up} generates a random password into
 * {@code <home>/admin-password} (readable by its owner only) and every later {@code up}
 * reuses it; the web replicas read it through {@code DEEPDOCK_ADMIN_PASSWORD_FILE}, as in
 * Swarm with a secret. Nothing is hard-coded.
 *
 * @param username the admin's user name
 * @param password the password when this launcher knows it (to print), or null
 * @param source where the password comes from, for the summary
 * @param environment what the web replicas get
 */
record AdminAccount(String username, String password, String source, Map<String, String> environment) {

	static final String DEFAULT_USERNAME = "admin";

	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	static AdminAccount resolve(Map<String, String> launcherEnvironment, Path passwordFile) {
		String username = launcherEnvironment.getOrDefault("DEEPDOCK_ADMIN_USERNAME", DEFAULT_USERNAME);
		if (username.isBlank()) {
			username = DEFAULT_USERNAME;
		}
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DEEPDOCK_ADMIN_USERNAME", username);
		if (present(launcherEnvironment, "DEEPDOCK_ADMIN_PASSWORD")) {
			return new AdminAccount(username, null, "DEEPDOCK_ADMIN_PASSWORD", environment);
		}
		if (present(launcherEnvironment, "DEEPDOCK_ADMIN_PASSWORD_FILE")) {
			return new AdminAccount(username, null, launcherEnvironment.get("DEEPDOCK_ADMIN_PASSWORD_FILE"),
					environment);
		}
		String password = readOrGenerate(passwordFile);
		environment.put("DEEPDOCK_ADMIN_PASSWORD_FILE", passwordFile.toString());
		return new AdminAccount(username, password, passwordFile.toString(), environment);
	}

	private static boolean present(Map<String, String> environment, String name) {
		String value = environment.get(name);
		return value != null && !value.isBlank();
	}

	static String readOrGenerate(Path file) {
		try {
			if (Files.exists(file)) {
				String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (!existing.isEmpty()) {
					return existing;
				}
				Files.delete(file);
			}
			String password = generate(24);
			Files.createDirectories(file.toAbsolutePath().getParent());
			try {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				// a file system without POSIX permissions (Windows): the file is still
				// created,
				// readable as the state directory allows
				Files.createFile(file);
			}
			Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
			return password;
		}
		catch (FileAlreadyExistsException ex) {
			return readOrGenerate(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the admin password to " + file, ex);
		}
	}

	static String generate(int length) {
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return password.toString();
	}

}
