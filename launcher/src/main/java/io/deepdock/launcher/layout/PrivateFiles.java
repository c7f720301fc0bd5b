package io.deepdock.launcher.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the state directory that only their owner may read: the admin
 * password, the rendered nginx configuration (it holds the media access token), the run
 * state and the logs. They get their mode when they are created, never after, so there is
 * no moment when another user could open them. Older ones (written by a launcher before
 * this rule) are tightened once.
 */
public final class PrivateFiles {

	/** {@code rw-------} */
	public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/** {@code rwx------} */
	public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/**
	 * {@code rwx--x--x}: others may pass through to a path they know (nginx's workers to
	 * a media file), not list it.
	 */
	public static final Set<PosixFilePermission> TRAVERSABLE_DIRECTORY = PosixFilePermissions.fromString("rwx--x--x");

	private PrivateFiles() {
	}

	/**
	 * Replaces a file's content in one step: a temporary file created with mode 600 in
	 * the same directory, then moved over the old one (a reader never sees half a file).
	 */
	public static void write(Path file, String content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = createTemporary(directory, file.getFileName().toString());
		try {
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Creates an empty file with mode 600 unless it exists; an existing one is made
	 * owner-only. For files that another writer fills (a log).
	 */
	public static void create(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		try {
			Files.createFile(file, attribute(OWNER_ONLY));
		}
		catch (FileAlreadyExistsException ex) {
			tighten(file, OWNER_ONLY);
		}
		catch (UnsupportedOperationException ex) {
			// no POSIX permissions (Windows): the directory's ACL decides
			if (!Files.exists(file)) {
				Files.createFile(file);
			}
		}
	}

	/**
	 * Creates a directory (its parents as usual) with the given mode, or gives an
	 * existing one that mode.
	 */
	public static void directory(Path directory, Set<PosixFilePermission> mode) throws IOException {
		Path parent = directory.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		try {
			Files.createDirectory(directory, attribute(mode));
			// the umask may have taken bits away that the mode grants (o+x)
			tighten(directory, mode);
		}
		catch (FileAlreadyExistsException ex) {
			tighten(directory, mode);
		}
		catch (UnsupportedOperationException ex) {
			Files.createDirectories(directory);
		}
	}

	private static Path createTemporary(Path directory, String name) throws IOException {
		try {
			return Files.createTempFile(directory, "." + name, ".tmp", attribute(OWNER_ONLY));
		}
		catch (UnsupportedOperationException ex) {
			return Files.createTempFile(directory, "." + name, ".tmp");
		}
	}

	private static void tighten(Path path, Set<PosixFilePermission> mode) throws IOException {
		try {
			if (!Files.getPosixFilePermissions(path).equals(mode)) {
				Files.setPosixFilePermissions(path, mode);
			}
		}
		catch (UnsupportedOperationException ex) {
			// no POSIX permissions
		}
	}

	private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
		return PosixFilePermissions.asFileAttribute(mode);
	}

}
