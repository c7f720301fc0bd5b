package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who nginx's workers run as when the launcher, and so nginx's master, is root: never
 * root, but {@code nobody} (with Debian's {@code nogroup}, or a group {@code nobody}
 * elsewhere). The master still reads the configuration (mode 600) and opens the logs as
 * root; the workers only read the static files and the media files, and write nginx's
 * temporary files (nginx gives those directories to the worker user itself).
 */
public final class WorkerUser {

	/** The workers' group, to which the media directory is handed over. */
	static final String GROUP = group();

	/** The {@code user} directive's value for a root master. */
	public static final String UNPRIVILEGED = "nobody " + GROUP;

	/**
	 * {@code rwxr-s---}: the owner writes, the group reads, new entries join the group.
	 */
	private static final int SHARED_MEDIA_MODE = 02750;

	private WorkerUser() {
	}

	/**
	 * What {@code nobody} cannot reach among the directories the workers serve from: a
	 * directory on the way that others may not pass through ({@code o+x}), or the
	 * directory itself when others may not pass into it.
	 * @return the first such directory of each path, empty when the workers can serve
	 */
	public static List<Path> blocking(List<Path> served) {
		List<Path> blocking = new ArrayList<>();
		for (Path path : served) {
			Path absolute = path.toAbsolutePath().normalize();
			Path current = absolute.getRoot();
			for (Path part : absolute) {
				current = current.resolve(part);
				if (!othersMayPass(current)) {
					blocking.add(current);
					break;
				}
			}
		}
		return blocking.stream().distinct().toList();
	}

	/**
	 * Lets the workers, and no other user, read the media files: the media directory gets
	 * their group and mode 2750, whose setgid bit puts what the services write there
	 * later (mode 640, see {@code MediaStorage}) in that group too. What an earlier run
	 * wrote is handed over once, the first time.
	 */
	public static void shareMedia(Path media) throws IOException {
		GroupPrincipal group = FileSystems.getDefault()
			.getUserPrincipalLookupService()
			.lookupPrincipalByGroupName(GROUP);
		PosixFileAttributeView top = Files.getFileAttributeView(media, PosixFileAttributeView.class);
		if (!top.readAttributes().group().equals(group)) {
			try (Stream<Path> all = Files.walk(media)) {
				for (Path path : all.toList()) {
					Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
						.setGroup(group);
					int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
					int shared = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? (mode | 02050) : (mode | 0040);
					Files.setAttribute(path, "unix:mode", shared & 07777, LinkOption.NOFOLLOW_LINKS);
				}
			}
		}
		Files.setAttribute(media, "unix:mode", SHARED_MEDIA_MODE);
	}

	private static boolean othersMayPass(Path directory) {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
			return permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// not there yet (created later by the launcher) or no POSIX permissions
			return true;
		}
	}

	private static String group() {
		try {
			FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup");
			return "nogroup";
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "nobody";
		}
	}

}
