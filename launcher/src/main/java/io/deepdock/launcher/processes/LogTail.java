package io.deepdock.launcher.processes;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a log file, to quote in an error.
 */
public final class LogTail {

	private static final int MAX_BYTES = 64 * 1024;

	private LogTail() {
	}

	public static List<String> lastLines(Path file, int count) {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long length = in.length();
			int size = (int) Math.min(length, MAX_BYTES);
			byte[] bytes = new byte[size];
			in.seek(length - size);
			in.readFully(bytes);
			List<String> lines = new ArrayList<>(
					Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)));
			if (size < length && !lines.isEmpty()) {
				lines.remove(0); // cut in the middle
			}
			while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
				lines.remove(lines.size() - 1);
			}
			return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
		}
		catch (IOException ex) {
			return List.of("(cannot read " + file + ": " + ex.getMessage() + ")");
		}
	}

	/** The quote for an error message: the lines, each indented. */
	public static String quote(Path file, int count) {
		StringBuilder quote = new StringBuilder();
		List<String> lines = lastLines(file, count);
		if (lines.isEmpty()) {
			return "    | (nothing yet)\n";
		}
		for (String line : lines) {
			quote.append("    | ").append(line).append('\n');
		}
		return quote.toString();
	}

}
