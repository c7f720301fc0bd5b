package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.deepdock.launcher.layout.Layout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * As whom nginx's workers run, and where they find what they read and write. A master
 * started by root never runs its workers as root: they run as {@code nobody}
 * ({@link WorkerUser}), whatever the checkout's permissions. What {@code nobody} cannot
 * reach (a checkout under a private home directory, such as {@code /root}) is not opened
 * up; it is worked around:
 * <ul>
 * <li>the static files (public anyway) are served from a copy in a runtime directory of
 * the system's temporary directory (mode 711, files 644);</li>
 * <li>nginx's temporary files (request bodies being buffered) go to that runtime
 * directory too (nginx gives their directories to {@code nobody}, mode 700);</li>
 * <li>the media files are not copied: when {@code nobody} cannot reach them, the web
 * replicas stream downloads themselves instead of handing them to nginx
 * ({@code DEEPDOCK_MEDIA_ACCELREDIRECT=false}).</li>
 * </ul>
 * The rendered configurations, which hold the media access token, stay in the state
 * directory, mode 600: only the root master reads them.
 *
 * @param user the {@code user} directive's value, or null when the launcher is not root
 * (the workers then run as the launcher's user)
 * @param assetsRoot the directory the assets role serves
 * @param temp the parent of nginx's temporary directories
 * @param servesMedia whether the media role can read the media files (else the web
 * replicas stream downloads)
 * @param runtime the runtime directory made for the workers, to remove when nginx stops;
 * null when none was needed
 */
public record NginxWorkers(String user, Path assetsRoot, Path temp, boolean servesMedia, Path runtime) {

	private static final Logger log = LoggerFactory.getLogger(NginxWorkers.class);

	/** Workers as the launcher's own user: everything where it is. */
	public static NginxWorkers sameUser(Layout layout) {
		return new NginxWorkers(null, layout.staticFiles(), layout.nginx().resolve("temp"), true, null);
	}

	/**
	 * Workers as {@code nobody}, for a master that runs as root.
	 * @param runtimeParent where a runtime directory is made when one is needed (the
	 * system's temporary directory)
	 */
	public static NginxWorkers unprivileged(Layout layout, Path runtimeParent) throws IOException {
		boolean assetsBlocked = !WorkerUser.blocking(List.of(layout.staticFiles())).isEmpty();
		boolean homeBlocked = !WorkerUser.blocking(List.of(layout.home())).isEmpty();
		if (!assetsBlocked && !homeBlocked) {
			WorkerUser.shareMedia(layout.media());
			return new NginxWorkers(WorkerUser.UNPRIVILEGED, layout.staticFiles(), layout.nginx().resolve("temp"), true,
					null);
		}
		// a fresh, unguessable directory: nothing another user prepared in /tmp is used
		Path runtime = Files.createTempDirectory(runtimeParent, "deepdock-nginx-");
		Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx--x--x"));
		if (!WorkerUser.blocking(List.of(runtime)).isEmpty()) {
			throw new IOException("nginx's workers could not reach " + runtime + " either");
		}
		Path assets = layout.staticFiles();
		if (assetsBlocked) {
			assets = runtime.resolve("assets");
			copyPublic(layout.staticFiles(), assets);
		}
		Path temp = homeBlocked ? runtime.resolve("temp") : layout.nginx().resolve("temp");
		if (homeBlocked) {
			log.warn("nginx's workers run as {} and cannot reach {}: they serve a copy of the static files from {}, "
					+ "and the web replicas send media downloads themselves (to let nginx send them, let others "
					+ "pass through the directories on the way: chmod o+x)", WorkerUser.UNPRIVILEGED,
					String.join(", ",
							WorkerUser.blocking(List.of(layout.staticFiles(), layout.home()))
								.stream()
								.map(Path::toString)
								.toList()),
					runtime);
		}
		else {
			WorkerUser.shareMedia(layout.media());
			log.warn("nginx's workers run as {} and cannot reach {}: they serve a copy of it from {}",
					WorkerUser.UNPRIVILEGED, layout.staticFiles(), assets);
		}
		return new NginxWorkers(WorkerUser.UNPRIVILEGED, assets, temp, !homeBlocked, runtime);
	}

	/** Removes the runtime directory, if one was made (nginx has stopped). */
	public void removeRuntime() {
		if (this.runtime == null) {
			return;
		}
		try (Stream<Path> all = Files.walk(this.runtime)) {
			for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			log.warn("Could not remove nginx's runtime directory {}: {}", this.runtime, ex.getMessage());
		}
	}

	/**
	 * Copies a tree of public files: directories 755, regular files 644; links and
	 * anything else are left out.
	 */
	static void copyPublic(Path from, Path to) throws IOException {
		List<Path> entries = new ArrayList<>();
		try (Stream<Path> all = Files.walk(from)) {
			all.forEach(entries::add);
		}
		for (Path source : entries) {
			Path target = to.resolve(from.relativize(source).toString());
			if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectories(target);
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
			else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
				Files.copy(source, target);
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
			}
		}
	}

}
