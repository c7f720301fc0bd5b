package io.deepdock.loadtests.scaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessSamplerTests {

	@TempDir
	Path proc;

	/** A {@code /proc/PID/stat} line: pid (comm) state ppid ... utime stime ... */
	private void process(long pid, String comm, long ppid, long utime, long stime, long rssKb) throws Exception {
		Path dir = Files.createDirectories(this.proc.resolve(Long.toString(pid)));
		StringBuilder stat = new StringBuilder(pid + " (" + comm + ") S " + ppid);
		// fields 5..13, then utime (14) and stime (15), then the rest
		for (int field = 5; field <= 13; field++) {
			stat.append(" 0");
		}
		stat.append(' ').append(utime).append(' ').append(stime).append(" 0 0 20 0 1 0\n");
		Files.writeString(dir.resolve("stat"), stat);
		Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nVmRSS:\t  " + rssKb + " kB\n");
	}

	@Test
	void aPartCountsItsChildrenButNotTheOtherParts() throws Exception {
		process(100, "java", 1, 50, 10, 1000);
		// nginx's master and a worker, both started by the launcher
		process(200, "nginx", 100, 5, 5, 100);
		process(201, "nginx: worker (x)", 200, 30, 10, 200);
		process(300, "java", 100, 400, 100, 400_000);
		Map<String, Long> parts = new LinkedHashMap<>();
		parts.put("launcher", 100L);
		parts.put("nginx", 200L);
		parts.put("webapp-1", 300L);
		ProcessSampler sampler = new ProcessSampler(this.proc);
		assertThat(sampler.ticks(parts)).containsEntry("launcher", 60L)
			.containsEntry("nginx", 50L)
			.containsEntry("webapp-1", 500L);
		assertThat(sampler.rss(parts)).containsEntry("nginx", 300L * 1024).containsEntry("webapp-1", 400_000L * 1024);
	}

	@Test
	void cpuIsTicksOverWallTimeInCores() {
		Map<String, ProcessSampler.Usage> usage = ProcessSampler.usage(Map.of("webapp-1", 1000L),
				Map.of("webapp-1", 1800L), Map.of("webapp-1", 5L), 10);
		assertThat(usage.get("webapp-1").cores()).isCloseTo(0.8, within(1e-9));
	}

	@Test
	void readsTheMachinesBusyTicksWithoutIdleAndIowait() throws Exception {
		Files.writeString(this.proc.resolve("stat"), "cpu  100 5 50 1000 40 3 2 0 0 0\ncpu0 1 2 3 4\n");
		assertThat(new ProcessSampler(this.proc).machineBusyTicks()).isEqualTo(160);
	}

	@Test
	void readsThisJvmsOwnProcess() {
		long pid = ProcessHandle.current().pid();
		ProcessSampler sampler = new ProcessSampler();
		assertThat(sampler.ownRss(pid)).isPositive();
		assertThat(sampler.ownTicks(pid)).isPositive();
	}

}
