package io.deepdock.launcher.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.processes.HealthProbe;
import io.deepdock.launcher.processes.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rollout whose successor never becomes ready stops the successor and leaves the old
 * replica serving, nginx untouched (Swarm's {@code failure_action}). The processes are
 * stand-ins ({@code sleep}, {@code false}) with no health endpoint; nginx is never
 * reached.
 */
class WebappRolloutFailureIT {

	@TempDir
	Path home;

	private final List<ManagedProcess> started = new ArrayList<>();

	private final List<ManagedProcess> retired = new ArrayList<>();

	@AfterEach
	void stopEverything() {
		this.started.forEach((process) -> {
			process.requestStop();
			process.awaitStop(Duration.ofSeconds(5));
		});
	}

	@Test
	void aSuccessorThatIsNotReadyInTimeIsStoppedAndTheOldReplicaKeepsServing() {
		ManagedProcess old = start("webapp-1", "sleep", "60");
		List<ManagedProcess> successors = new ArrayList<>();
		WebappRollout rollout = rollout((planned) -> {
			ManagedProcess successor = start(planned.name(), "sleep", "60");
			successors.add(successor);
			return successor;
		});

		assertThatThrownBy(
				() -> rollout.run(List.of(new WebappRollout.Replica("webapp-1", 1, old)), Set.of(), (o, s) -> {
					throw new AssertionError("nothing may be replaced");
				}))
			.isInstanceOf(DeepdockException.class)
			.hasMessageStartingWith("webapp-1's successor was not ready within 1 s; the old replica keeps serving");

		assertThat(successors).hasSize(1);
		assertThat(successors.get(0).isAlive()).isFalse();
		assertThat(this.retired).containsExactly(successors.get(0));
		assertThat(old.isAlive()).isTrue();
	}

	@Test
	void aSuccessorThatExitsIsReportedWithItsExitCode() {
		ManagedProcess old = start("webapp-1", "sleep", "60");
		WebappRollout rollout = rollout((planned) -> start(planned.name(), "sh", "-c", "echo cannot bind; exit 3"));

		assertThatThrownBy(
				() -> rollout.run(List.of(new WebappRollout.Replica("webapp-1", 1, old)), Set.of(), (o, s) -> {
				}))
			.hasMessageStartingWith("webapp-1's successor exited with code 3; the old replica keeps serving")
			.hasMessageContaining("cannot bind");
		assertThat(old.isAlive()).isTrue();
	}

	@Test
	void aStopOfTheLauncherEndsTheRolloutAndItsSuccessor() {
		ManagedProcess old = start("webapp-1", "sleep", "60");
		List<ManagedProcess> successors = new ArrayList<>();
		WebappRollout rollout = rollout((planned) -> {
			ManagedProcess successor = start(planned.name(), "sleep", "60");
			successors.add(successor);
			return successor;
		}, () -> true);

		assertThatThrownBy(
				() -> rollout.run(List.of(new WebappRollout.Replica("webapp-1", 1, old)), Set.of(), (o, s) -> {
				}))
			.hasMessageStartingWith("webapp-1's successor was stopped with the launcher");
		assertThat(successors.get(0).isAlive()).isFalse();
		assertThat(this.retired).containsExactly(successors.get(0));
	}

	private WebappRollout rollout(Function<LocalTopology.PlannedService, ManagedProcess> starter) {
		return rollout(starter, () -> false);
	}

	private WebappRollout rollout(Function<LocalTopology.PlannedService, ManagedProcess> starter,
			BooleanSupplier stopRequested) {
		WebappRollout.Replicas replicas = new WebappRollout.Replicas() {

			@Override
			public ManagedProcess start(LocalTopology.PlannedService planned) {
				return starter.apply(planned);
			}

			@Override
			public void retire(ManagedProcess process) {
				WebappRolloutFailureIT.this.retired.add(process);
			}

		};
		// nginx is reached only once a successor is ready, which none is here
		return new WebappRollout(null, null, null, new Layout(this.home, this.home), replicas, stopRequested,
				new HealthProbe(), Duration.ofSeconds(1), (line) -> {
				});
	}

	private ManagedProcess start(String name, String... command) {
		ManagedProcess process = ManagedProcess.start(name, List.of(command), Map.of(),
				this.home.resolve("logs").resolve(name + "-" + this.started.size() + ".log"), this.home);
		this.started.add(process);
		return process;
	}

}
