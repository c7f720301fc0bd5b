package io.deepdock.core.batch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A zip of images, read safely. Nothing is ever extracted to disk, but names still count:
 * an entry named with {@code ..} or an absolute path refuses the whole archive, as it
 * would escape any directory it were unpacked into. Limits keep a zip bomb harmless:
 * <ul>
 * <li>the end record is read first, so an archive that declares too many entries or an
 * oversized central directory is refused before the directory is loaded;</li>
 * <li>at most {@link BatchLimits#maxItems()} inputs (folders, {@code __MACOSX/} and
 * {@code .DS_Store}-style metadata are skipped and not counted);</li>
 * <li>every entry is read through a bounded read of at most
 * {@link BatchLimits#maxEntrySize()} + 1 bytes, so a lying size costs nothing; a larger
 * entry becomes an error row and is not inflated further;</li>
 * <li>an entry of {@link BatchLimits#RATIO_FLOOR} bytes or more that inflates more than
 * {@link BatchLimits#maxRatio()} times, or an archive that inflates to more than
 * {@link BatchLimits#maxTotalSize()}, is refused as a bomb.</li>
 * </ul>
 * The same checks run on the declared sizes when the file is uploaded ({@link #inspect})
 * and on the bytes actually read when it is processed ({@link #open}). Entries are read
 * in central-directory order, one at a time.
 */
public final class BatchZip implements BatchInput {

	private static final int END_SIGNATURE = 0x06054b50;

	private static final int END_SIZE = 22;

	/** Largest central directory loaded: 10,000 entries with long names fit easily. */
	static final long MAX_CENTRAL_DIRECTORY = 16L * 1024 * 1024;

	/** What the central directory says, read without inflating anything. */
	public record Summary(int inputs, long declaredSize) {
	}

	private final ZipFile zip;

	private final Enumeration<? extends ZipEntry> entries;

	private final BatchLimits limits;

	private long total;

	private BatchZip(ZipFile zip, BatchLimits limits) {
		this.zip = zip;
		this.entries = zip.entries();
		this.limits = limits;
	}

	/**
	 * Whether the first bytes of a file are a zip's (a local header, or an empty zip).
	 */
	public static boolean looksLikeZip(byte[] head) {
		return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
				&& ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
	}

	/**
	 * Checks an archive from its end record and central directory only: safe names, the
	 * number of inputs, declared sizes and ratios.
	 * @throws BatchInputException when it is not a usable zip
	 */
	public static Summary inspect(Path file, BatchLimits limits) throws IOException {
		checkEndRecord(file, limits);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			return summarize(zip, limits);
		}
		catch (ZipException | EOFException | IllegalArgumentException ex) {
			// IllegalArgumentException: an entry name that is not valid in the archive's
			// encoding
			throw unreadable(ex);
		}
	}

	/**
	 * Opens an archive for reading, after the checks of {@link #inspect}.
	 * @throws BatchInputException when it is not a usable zip
	 */
	public static BatchZip open(Path file, BatchLimits limits) throws IOException {
		checkEndRecord(file, limits);
		ZipFile zip;
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (ZipException | EOFException ex) {
			throw unreadable(ex);
		}
		try {
			summarize(zip, limits);
		}
		catch (IllegalArgumentException ex) {
			zip.close();
			throw unreadable(ex);
		}
		catch (RuntimeException ex) {
			zip.close();
			throw ex;
		}
		return new BatchZip(zip, limits);
	}

	/**
	 * The refusal of a file {@link ZipFile} cannot read. Besides {@link ZipException}, it
	 * throws a bare {@link EOFException} when the end record points past the end of the
	 * file (found by fuzzing: docs/bad-inputs.md), which is as malformed.
	 */
	public static BatchInputException unreadable(Exception ex) {
		String reason = (ex instanceof EOFException) ? "its end record points past the end of the file"
				: ex.getMessage();
		return new BatchInputException(BatchInputException.Kind.MALFORMED,
				"The file is not a readable zip: " + reason + ".", ex);
	}

	@Override
	public BatchItem next() throws IOException {
		while (this.entries.hasMoreElements()) {
			ZipEntry entry = this.entries.nextElement();
			String unsafe = unsafeName(entry.getName());
			if (unsafe != null) {
				throw new BatchInputException(BatchInputException.Kind.UNSAFE,
						"Zip entry '" + BatchItem.cleanName(entry.getName()) + "' has " + unsafe + ".");
			}
			if (ignored(entry)) {
				continue;
			}
			String name = BatchItem.cleanName(entry.getName());
			long max = this.limits.maxEntrySize().toBytes();
			if (entry.getSize() > max) {
				return BatchItem.error(name, tooBig(entry.getSize(), max));
			}
			byte[] bytes;
			try (InputStream in = this.zip.getInputStream(entry)) {
				bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			}
			catch (ZipException | EOFException ex) {
				return BatchItem.error(name, "the entry is corrupt: " + ex.getMessage());
			}
			if (bytes.length > max) {
				return BatchItem.error(name, tooBig(bytes.length, max));
			}
			this.total += bytes.length;
			if (this.total > this.limits.maxTotalSize().toBytes()) {
				throw new BatchInputException(BatchInputException.Kind.TOO_LARGE,
						"The zip uncompresses to more than " + this.limits.maxTotalSize().toMegabytes() + " MB.");
			}
			checkRatio(entry.getName(), bytes.length, entry.getCompressedSize(), this.limits);
			return BatchItem.image(name, bytes);
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.zip.close();
	}

	private static String tooBig(long size, long max) {
		return "the entry is %d bytes uncompressed; the limit is %d".formatted(size, max);
	}

	private static Summary summarize(ZipFile zip, BatchLimits limits) {
		int inputs = 0;
		long declared = 0;
		Enumeration<? extends ZipEntry> entries = zip.entries();
		while (entries.hasMoreElements()) {
			ZipEntry entry = entries.nextElement();
			String unsafe = unsafeName(entry.getName());
			if (unsafe != null) {
				throw new BatchInputException(BatchInputException.Kind.UNSAFE,
						"Zip entry '" + BatchItem.cleanName(entry.getName()) + "' has " + unsafe + ".");
			}
			if (ignored(entry)) {
				continue;
			}
			inputs++;
			if (inputs > limits.maxItems()) {
				throw new BatchInputException(BatchInputException.Kind.TOO_LARGE, "The zip holds more than "
						+ limits.maxItems() + " files; the limit is " + limits.maxItems() + ".");
			}
			long size = entry.getSize();
			if (size > 0) {
				declared += size;
				if (declared > limits.maxTotalSize().toBytes()) {
					throw new BatchInputException(BatchInputException.Kind.TOO_LARGE,
							"The zip uncompresses to more than " + limits.maxTotalSize().toMegabytes() + " MB.");
				}
				checkRatio(entry.getName(), size, entry.getCompressedSize(), limits);
			}
		}
		return new Summary(inputs, declared);
	}

	/**
	 * Reads the end record: entry count and central directory size, before loading it.
	 */
	static void checkEndRecord(Path file, BatchLimits limits) throws IOException {
		try (SeekableByteChannel channel = Files.newByteChannel(file)) {
			long size = channel.size();
			if (size < END_SIZE) {
				throw new BatchInputException(BatchInputException.Kind.MALFORMED,
						"The file is not a zip (" + size + " bytes).");
			}
			int tail = (int) Math.min(size, END_SIZE + 0xffff);
			ByteBuffer buffer = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
			channel.position(size - tail);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// read the whole tail
			}
			for (int i = tail - END_SIZE; i >= 0; i--) {
				if (buffer.getInt(i) != END_SIGNATURE) {
					continue;
				}
				int entries = buffer.getShort(i + 10) & 0xffff;
				long directory = buffer.getInt(i + 12) & 0xffffffffL;
				// folders and metadata entries are allowed beside the inputs, up to as
				// many
				if (entries == 0xffff || entries > 2L * limits.maxItems()) {
					throw new BatchInputException(BatchInputException.Kind.TOO_LARGE,
							"The zip has " + ((entries == 0xffff) ? "65,535 or more" : entries)
									+ " entries; it may hold up to " + limits.maxItems() + " files.");
				}
				if (directory > MAX_CENTRAL_DIRECTORY) {
					throw new BatchInputException(BatchInputException.Kind.TOO_LARGE, "The zip's central directory is "
							+ directory + " bytes; the limit is " + MAX_CENTRAL_DIRECTORY + ".");
				}
				return;
			}
			throw new BatchInputException(BatchInputException.Kind.MALFORMED,
					"The file is not a zip: it has no end of central directory record.");
		}
	}

	static void checkRatio(String name, long size, long compressed, BatchLimits limits) {
		if (size >= BatchLimits.RATIO_FLOOR && size > limits.maxRatio() * Math.max(compressed, 1)) {
			throw new BatchInputException(BatchInputException.Kind.TOO_LARGE,
					"Zip entry '%s' inflates %d times (%d bytes to %d); the limit is %d times: refused as a zip bomb."
						.formatted(BatchItem.cleanName(name), size / Math.max(compressed, 1), compressed, size,
								limits.maxRatio()));
		}
	}

	/**
	 * Why a name is unsafe ({@code ..} segments, absolute or drive paths, NUL), or null.
	 */
	static String unsafeName(String name) {
		if (name.isEmpty()) {
			return "an empty name";
		}
		if (name.indexOf('\0') >= 0) {
			return "a NUL character in its name";
		}
		String path = name.replace('\\', '/');
		if (path.startsWith("/")
				|| (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0)))) {
			return "an absolute path";
		}
		for (String part : path.split("/")) {
			if (part.equals("..")) {
				return "a '..' segment (path traversal)";
			}
		}
		return null;
	}

	/** Folders and the metadata archivers add: not inputs. */
	static boolean ignored(ZipEntry entry) {
		String name = entry.getName().replace('\\', '/');
		if (entry.isDirectory() || name.endsWith("/") || name.startsWith("__MACOSX/")) {
			return true;
		}
		String last = name.substring(name.lastIndexOf('/') + 1);
		return last.startsWith("._") || last.equals(".DS_Store") || last.equals("Thumbs.db");
	}

}
