package io.deepdock.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The media tree. A reader never sees half a file: a new file gets a generated name that
 * nothing refers to until it is written, and a file at a chosen path is written to a
 * temporary file and moved into place atomically. Every path handed in is checked so that
 * nothing outside the root can be read or written, whatever the input ({@code ..},
 * absolute paths, symbolic links).
 */
@Component
public class MediaStorage {

	private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}(/[a-z0-9][a-z0-9-]{0,39}){0,3}");

	private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

	/**
	 * Where temporary files are written: inside the root, so the final move stays on one
	 * file system.
	 */
	static final String TMP = ".tmp";

	/** {@code rw-r-----}: see {@link #storedMode}. */
	static final Set<PosixFilePermission> STORED_MODE = PosixFilePermissions.fromString("rw-r-----");

	private final Path root;

	private final Clock clock;

	/**
	 * Every new file is readable by its owner and its group, no one else: nginx's
	 * workers, which serve media files through X-Accel-Redirect, read them as a member of
	 * the media directory's group (locally {@code nogroup}, which that directory passes
	 * on). Empty on a file system without POSIX permissions.
	 */
	private final FileAttribute<?>[] storedMode;

	/**
	 * Generated directories already created and checked: see {@link #checkedDirectory}.
	 */
	private final Map<String, Path> checkedDirectories = new ConcurrentHashMap<>();

	@Autowired
	public MediaStorage(MediaProperties properties) {
		this(properties.dir(), Clock.systemUTC());
	}

	MediaStorage(Path root, Clock clock) {
		try {
			Files.createDirectories(root);
			this.root = root.toRealPath();
			Files.createDirectories(this.root.resolve(TMP));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create media directory " + root.toAbsolutePath(), ex);
		}
		this.clock = clock;
		this.storedMode = this.root.getFileSystem().supportedFileAttributeViews().contains("posix")
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(STORED_MODE) }
				: new FileAttribute<?>[0];
	}

	public Path root() {
		return this.root;
	}

	/** A writer of a file's content. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * Writes a new file under {@code category} with a generated name, e.g.
	 * {@code datasets/2026/11/1f0c....ddi}.
	 * @param category lower-case path segments such as {@code datasets} or
	 * {@code models/digits}
	 * @param extension lower-case extension without the dot
	 */
	public StoredFile write(String category, String extension, Content content) throws IOException {
		if (!CATEGORY.matcher(category).matches()) {
			throw new MediaPathException("invalid media category: " + category);
		}
		if (!EXTENSION.matcher(extension).matches()) {
			throw new MediaPathException("invalid media extension: " + extension);
		}
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		// concatenated, not String.formatted: every prediction's upload comes here, and
		// the format parser was the largest part of it (docs/performance.md)
		int month = today.getMonthValue();
		String directory = category + '/' + today.getYear() + (month < 10 ? "/0" : "/") + month;
		Path target = checkedDirectory(directory).resolve(UUID.randomUUID() + "." + extension);
		// straight to the final name: it is new (a random UUID), and no row can name it
		// before this returns, so no reader sees it half-written. A temporary file and a
		// rename cost a third of a prediction's web CPU for a 1 KB upload
		// (docs/performance.md)
		SeekableByteChannel channel;
		try {
			channel = createNew(target);
		}
		catch (NoSuchFileException ex) {
			// the directory was removed since it was checked (emptied by a clean-up)
			this.checkedDirectories.remove(directory);
			target = checkedDirectory(directory).resolve(target.getFileName());
			channel = createNew(target);
		}
		try {
			return stored(target, Channels.newOutputStream(channel), content);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(target);
			throw ex;
		}
	}

	/**
	 * Writes {@code content} into {@code file} (and closes it), counting and hashing it,
	 * as the file {@code target} will hold it.
	 */
	private StoredFile stored(Path target, OutputStream file, Content content) throws IOException {
		MessageDigest sha256 = sha256();
		long size;
		try (file;
				CountingOutputStream counting = new CountingOutputStream(file);
				DigestOutputStream digest = new DigestOutputStream(counting, sha256)) {
			content.writeTo(digest);
			digest.flush();
			size = counting.count();
		}
		return new StoredFile(this.root.relativize(target).toString(), size, HexFormat.of().formatHex(sha256.digest()));
	}

	/**
	 * The directory {@code relative} (generated from checked names), created and checked
	 * against links out of the root once per process and month, not once per file.
	 */
	private Path checkedDirectory(String relative) throws IOException {
		Path directory = this.checkedDirectories.get(relative);
		if (directory == null) {
			directory = resolve(relative);
			Files.createDirectories(directory);
			if (!directory.toRealPath().startsWith(this.root)) {
				throw new MediaPathException("media path leaves the media root through a link: " + relative);
			}
			this.checkedDirectories.put(relative, directory);
		}
		return directory;
	}

	/** A new file with {@link #storedMode}. */
	private SeekableByteChannel createNew(Path target) throws IOException {
		return Files.newByteChannel(target, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
				this.storedMode);
	}

	/**
	 * Writes (or atomically replaces) the file at a path the application chose, such as a
	 * checkpoint {@code checkpoints/job-42/latest.zip}.
	 */
	public StoredFile writeAt(String relativePath, Content content) throws IOException {
		Path target = resolve(relativePath);
		Files.createDirectories(target.getParent());
		Path tmp = createTemporary();
		try {
			StoredFile stored = stored(target, Files.newOutputStream(tmp), content);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return stored;
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** A temporary file with {@link #storedMode}. */
	private Path createTemporary() throws IOException {
		return Files.createTempFile(this.root.resolve(TMP), "write-", ".part", this.storedMode);
	}

	/** Opens a stored file for reading. */
	public InputStream open(String relativePath) throws IOException {
		Path path = resolveExisting(relativePath);
		return Files.newInputStream(path);
	}

	/** Opens a stored file, failing if its bytes do not have the recorded checksum. */
	public byte[] readVerified(String relativePath, String expectedSha256) throws IOException {
		byte[] bytes = Files.readAllBytes(resolveExisting(relativePath));
		String actual = HexFormat.of().formatHex(sha256().digest(bytes));
		if (!actual.equalsIgnoreCase(expectedSha256)) {
			throw new ChecksumMismatchException(relativePath, expectedSha256, actual);
		}
		return bytes;
	}

	public boolean exists(String relativePath) {
		return Files.isRegularFile(resolve(relativePath), LinkOption.NOFOLLOW_LINKS);
	}

	public boolean delete(String relativePath) throws IOException {
		return Files.deleteIfExists(resolve(relativePath));
	}

	/** SHA-256 of a stored file. */
	public String sha256Of(String relativePath) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = open(relativePath)) {
			byte[] buffer = new byte[64 * 1024];
			int n;
			while ((n = in.read(buffer)) > 0) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * The absolute path of {@code relativePath} inside the root. Refuses absolute paths,
	 * {@code ..} and anything whose existing part resolves (through symbolic links)
	 * outside the root.
	 */
	public Path resolve(String relativePath) {
		if (relativePath == null || relativePath.isBlank() || relativePath.indexOf('\0') >= 0
				|| relativePath.contains("\\")) {
			throw new MediaPathException("invalid media path");
		}
		Path relative = Path.of(relativePath);
		if (relative.isAbsolute() || relativePath.startsWith("/")) {
			throw new MediaPathException("absolute media path refused: " + relativePath);
		}
		for (Path part : relative) {
			if (part.toString().equals("..") || part.toString().equals(".")) {
				throw new MediaPathException("media path with '" + part + "' refused: " + relativePath);
			}
		}
		Path candidate = this.root.resolve(relative).normalize();
		if (!candidate.startsWith(this.root)) {
			throw new MediaPathException("media path leaves the media root: " + relativePath);
		}
		// the deepest existing ancestor must also be inside the root once symbolic links
		// are followed
		Path existing = candidate;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null) {
			try {
				if (!existing.toRealPath().startsWith(this.root)) {
					throw new MediaPathException("media path leaves the media root through a link: " + relativePath);
				}
			}
			catch (IOException ex) {
				throw new MediaPathException("media path cannot be resolved: " + relativePath);
			}
		}
		return candidate;
	}

	private Path resolveExisting(String relativePath) throws IOException {
		Path path = resolve(relativePath);
		if (!Files.isRegularFile(path)) {
			throw new NoSuchFileException(relativePath);
		}
		return path;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class CountingOutputStream extends java.io.FilterOutputStream {

		private long count;

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		long count() {
			return this.count;
		}

	}

}
