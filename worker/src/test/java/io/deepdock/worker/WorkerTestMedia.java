package io.deepdock.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The media tree of the worker's integration tests, one per test JVM: the test classes
 * share one database (and a dataset imported by one is found by the others), so they must
 * share the files its rows point at too.
 */
public final class WorkerTestMedia {

	private static Path dir;

	private WorkerTestMedia() {
	}

	public static synchronized Path dir() {
		if (dir == null) {
			try {
				dir = Files.createTempDirectory("deepdock-worker-it-media");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return dir;
	}

}
