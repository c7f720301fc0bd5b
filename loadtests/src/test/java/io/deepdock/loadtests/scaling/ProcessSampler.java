package io.deepdock.loadtests.scaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of process trees, from {@code /proc} (Linux): how much of
 * the machine each part of the platform used during a load step. A part is a root process
 * and its descendants (nginx's workers, PostgreSQL's backends).
 */
final class ProcessSampler {

	/** Linux's {@code USER_HZ}: the unit of {@code utime} and {@code stime}. */
	static final double TICKS_PER_SECOND = 100.0;

	private final Path proc;

	ProcessSampler(Path proc) {
		this.proc = proc;
	}

	ProcessSampler() {
		this(Path.of("/proc"));
	}

	/** CPU used by one part during a step, in cores, and its RSS at the end. */
	record Usage(double cores, long rssBytes) {
	}

	/** CPU ticks (user + system) of each part's tree, by part name. */
	Map<String, Long> ticks(Map<String, Long> roots) throws IOException {
		Map<Long, List<Long>> children = children();
		Map<String, Long> ticks = new LinkedHashMap<>();
		for (Map.Entry<String, Long> root : roots.entrySet()) {
			long total = 0;
			for (long pid : tree(root.getValue(), children, roots.values())) {
				total += ownTicks(pid);
			}
			ticks.put(root.getKey(), total);
		}
		return ticks;
	}

	/** Each part's RSS (sum over its tree), by part name. */
	Map<String, Long> rss(Map<String, Long> roots) throws IOException {
		Map<Long, List<Long>> children = children();
		Map<String, Long> rss = new LinkedHashMap<>();
		for (Map.Entry<String, Long> root : roots.entrySet()) {
			long total = 0;
			for (long pid : tree(root.getValue(), children, roots.values())) {
				total += ownRss(pid);
			}
			rss.put(root.getKey(), total);
		}
		return rss;
	}

	/** Busy ticks of the whole machine (every CPU, every process: other users' too). */
	long machineBusyTicks() throws IOException {
		String[] fields = Files.readAllLines(this.proc.resolve("stat")).get(0).trim().split("\\s+");
		// cpu user nice system idle iowait irq softirq steal ...
		long busy = 0;
		for (int i = 1; i < fields.length && i <= 8; i++) {
			if (i != 4 && i != 5) {
				busy += Long.parseLong(fields[i]);
			}
		}
		return busy;
	}

	/** The usage of each part between two tick snapshots {@code seconds} apart. */
	static Map<String, Usage> usage(Map<String, Long> before, Map<String, Long> after, Map<String, Long> rss,
			double seconds) {
		Map<String, Usage> usage = new LinkedHashMap<>();
		after.forEach((part, ticks) -> {
			long delta = Math.max(0, ticks - before.getOrDefault(part, ticks));
			usage.put(part, new Usage(delta / TICKS_PER_SECOND / seconds, rss.getOrDefault(part, 0L)));
		});
		return usage;
	}

	/** {@code utime + stime} of one process, 0 when it is gone. */
	long ownTicks(long pid) {
		String stat = read(this.proc.resolve(pid + "/stat"));
		if (stat == null) {
			return 0;
		}
		// the command name may hold spaces and parentheses: fields start after the last
		// ')'
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** {@code VmRSS} of one process in bytes, 0 when it is gone. */
	long ownRss(long pid) {
		String status = read(this.proc.resolve(pid + "/status"));
		if (status == null) {
			return 0;
		}
		for (String line : status.split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
	}

	private Map<Long, List<Long>> children() throws IOException {
		Map<Long, List<Long>> children = new HashMap<>();
		try (Stream<Path> entries = Files.list(this.proc)) {
			for (Path entry : entries.toList()) {
				String name = entry.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				String stat = read(entry.resolve("stat"));
				if (stat == null) {
					continue;
				}
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
				children.computeIfAbsent(Long.parseLong(fields[1]), (k) -> new ArrayList<>()).add(Long.parseLong(name));
			}
		}
		return children;
	}

	/**
	 * A process and its descendants, except the subtrees of the other parts (the launcher
	 * is the parent of every service, but counts only for itself and the broker in it).
	 */
	static List<Long> tree(long root, Map<Long, List<Long>> children, java.util.Collection<Long> parts) {
		List<Long> all = new ArrayList<>();
		List<Long> next = new ArrayList<>(List.of(root));
		while (!next.isEmpty()) {
			long pid = next.remove(next.size() - 1);
			all.add(pid);
			for (long child : children.getOrDefault(pid, List.of())) {
				if (!parts.contains(child)) {
					next.add(child);
				}
			}
		}
		return all;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			// the process ended between the listing and the read
			return null;
		}
	}

}
