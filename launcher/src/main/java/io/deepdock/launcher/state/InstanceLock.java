package io.deepdock.launcher.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One launcher per state directory. The operating system releases the lock when the
 * launcher dies, however it dies, so a crash never leaves a stale lock behind.
 */
public final class InstanceLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private InstanceLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/** The lock, or empty when another process holds it. */
	public static Optional<InstanceLock> tryAcquire(Path file) {
		try {
			Files.createDirectories(file.getParent());
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				return Optional.empty();
			}
			// the owner's pid, for ./deepdock down before the state file exists
			channel.truncate(0);
			channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
			channel.force(false);
			return Optional.of(new InstanceLock(channel, lock));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot lock " + file, ex);
		}
	}

	/** Whether some process holds the lock right now. */
	public static boolean isHeld(Path file) {
		if (!Files.exists(file)) {
			return false;
		}
		Optional<InstanceLock> lock = tryAcquire(file);
		lock.ifPresent(InstanceLock::close);
		return lock.isEmpty();
	}

	/** The pid that the holder wrote into the file, if any. */
	public static Optional<Long> ownerPid(Path file) {
		try {
			return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			// closing the channel releases the lock anyway
		}
	}

}
