package io.deepdock.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of one measuring process, passed to the parent as {@code RESULT key value}
 * lines on stdout (the same format the PyTorch peer prints).
 */
final class Results {

	static final String PREFIX = "RESULT ";

	private final Map<String, String> values = new LinkedHashMap<>();

	private final PrintStream out;

	Results(PrintStream out) {
		this.out = out;
	}

	void put(String key, double value) {
		put(key, String.format(Locale.ROOT, "%.4f", value));
	}

	void put(String key, String value) {
		this.values.put(key, value);
		if (this.out != null) {
			this.out.println(PREFIX + key + " " + value);
			this.out.flush();
		}
	}

	Map<String, String> values() {
		return this.values;
	}

	/** The {@code RESULT} lines of a child's output. */
	static Map<String, String> parse(List<String> lines) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : lines) {
			if (line.startsWith(PREFIX)) {
				String[] parts = line.substring(PREFIX.length()).trim().split("\\s+", 2);
				if (parts.length == 2) {
					values.put(parts[0], parts[1]);
				}
			}
		}
		return values;
	}

	/**
	 * A line of /proc/self/status in MB, e.g. VmHWM (peak RSS) or VmRSS; -1 if unknown.
	 */
	static double procStatusMb(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: no figure
		}
		return -1;
	}

}
