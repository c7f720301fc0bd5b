package io.deepdock.launcher.up;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.processes.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor with real (tiny) processes in place of the services.
 */
class SupervisorTests {

	private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

	@TempDir
	Path directory;

	private final Map<String, ManagedProcess> running = new LinkedHashMap<>();

	private final List<ManagedProcess> started = new ArrayList<>();

	private final ListAppender<ILoggingEvent> console = new ListAppender<>();

	private boolean ready;

	private boolean failToStart;

	@BeforeEach
	void captureTheLog() {
		this.console.start();
		((Logger) LoggerFactory.getLogger(Supervisor.class)).addAppender(this.console);
	}

	@AfterEach
	void stopEverything() {
		((Logger) LoggerFactory.getLogger(Supervisor.class)).detachAppender(this.console);
		this.started.forEach((process) -> {
			process.requestStop();
			process.awaitStop(Duration.ofSeconds(5));
		});
	}

	@Test
	void aServiceThatDiesIsRestartedAfterTheBackoffAndReportedBackWhenHealthy() {
		ManagedProcess dying = start("webapp-2", "exit 3");
		await().atMost(Duration.ofSeconds(10)).until(() -> !dying.isAlive());
		Supervisor supervisor = new Supervisor(services());

		supervisor.check(T0);
		assertThat(this.running.get("webapp-2")).isSameAs(dying);
		assertThat(messages()).contains("webapp-2 exited with code 3; restarting in 1 s (restart 1)");

		supervisor.check(T0.plusMillis(500));
		assertThat(this.running.get("webapp-2")).as("restarted before its backoff").isSameAs(dying);

		supervisor.check(T0.plusSeconds(1));
		ManagedProcess successor = this.running.get("webapp-2");
		assertThat(successor).isNotSameAs(dying);
		assertThat(successor.isAlive()).isTrue();
		assertThat(messages()).noneMatch((line) -> line.contains("is back"));

		this.ready = true;
		supervisor.check(T0.plusSeconds(2));
		assertThat(messages()).contains("webapp-2 is back, healthy (pid " + successor.pid() + ")");
	}

	@Test
	void aServiceThatKeepsDyingWaitsLongerEachTime() {
		ManagedProcess dying = start("worker-1", "exit 1");
		await().atMost(Duration.ofSeconds(10)).until(() -> !dying.isAlive());
		Supervisor supervisor = new Supervisor(services());
		this.failToStart = true;

		supervisor.check(T0);
		supervisor.check(T0.plusSeconds(1)); // cannot start: scheduled again, in 2 s

		assertThat(supervisor.restarts("worker-1")).isEqualTo(2);
		assertThat(messages())
			.contains("worker-1 could not be restarted (no java today); restarting in 2 s (restart 2)");
		supervisor.check(T0.plusSeconds(2));
		assertThat(this.running.get("worker-1")).isSameAs(dying);
	}

	@Test
	void aReplicaThatARolloutReplacedIsWatchedAnewAndNotRestarted() {
		ManagedProcess old = start("webapp-1", "sleep 30");
		Supervisor supervisor = new Supervisor(services());
		supervisor.check(T0);

		// the rollout stops the old one and puts its successor in its place
		ManagedProcess successor = start("webapp-1", "sleep 30");
		old.requestStop();
		old.awaitStop(Duration.ofSeconds(5));
		supervisor.check(T0.plusSeconds(1));
		supervisor.check(T0.plusSeconds(5));

		assertThat(this.running.get("webapp-1")).isSameAs(successor);
		assertThat(messages()).isEmpty();
	}

	@Test
	void aLiveServiceIsLeftAlone() {
		ManagedProcess alive = start("scheduler-1", "sleep 30");
		Supervisor supervisor = new Supervisor(services());

		supervisor.check(T0);
		supervisor.check(T0.plusSeconds(60));

		assertThat(this.running.get("scheduler-1")).isSameAs(alive);
		assertThat(supervisor.restarts("scheduler-1")).isZero();
		assertThat(messages()).isEmpty();
	}

	private Supervisor.Services services() {
		return new Supervisor.Services() {

			@Override
			public Map<String, ManagedProcess> current() {
				return Map.copyOf(SupervisorTests.this.running);
			}

			@Override
			public ManagedProcess restart(String name, ManagedProcess dead) {
				if (SupervisorTests.this.failToStart) {
					throw new DeepdockException("no java today");
				}
				return start(name, "sleep 30");
			}

			@Override
			public boolean isReady(String name) {
				return SupervisorTests.this.ready;
			}

		};
	}

	private ManagedProcess start(String name, String script) {
		ManagedProcess process = ManagedProcess.start(name, List.of("sh", "-c", script), Map.of(),
				this.directory.resolve(name + ".log"), this.directory);
		this.started.add(process);
		this.running.put(name, process);
		return process;
	}

	/** The first line of each message, without the quoted log. */
	private List<String> messages() {
		return this.console.list.stream()
			.map((event) -> event.getFormattedMessage().lines().findFirst().orElse(""))
			.map((line) -> line.replaceAll("\\. Its log .*", ""))
			.toList();
	}

}
