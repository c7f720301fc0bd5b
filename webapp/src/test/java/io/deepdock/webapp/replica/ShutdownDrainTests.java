package io.deepdock.webapp.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownDrainTests {

	@Test
	void aStoppingReplicaRefusesTrafficFirstThenKeepsAnsweringForTheDrainDelay() {
		List<String> steps = new ArrayList<>();
		ShutdownDrain drain = new ShutdownDrain((event) -> {
			if (event instanceof AvailabilityChangeEvent<?> change) {
				steps.add("readiness " + change.getState());
			}
		}, Duration.ofSeconds(12), (duration) -> steps.add("answers for " + duration.toSeconds() + " s"));
		drain.start();
		drain.stop();
		assertThat(steps).containsExactly("readiness " + ReadinessState.REFUSING_TRAFFIC, "answers for 12 s");
		assertThat(drain.isRunning()).isFalse();
	}

	@Test
	void withNoDrainDelayTheReplicaOnlyRefusesTraffic() {
		List<String> steps = new ArrayList<>();
		ShutdownDrain drain = new ShutdownDrain((event) -> steps.add("event"), Duration.ZERO,
				(duration) -> steps.add("paused"));
		drain.stop();
		assertThat(steps).containsExactly("event");
	}

	@Test
	void theDrainStopsBeforeTheWebServersGracefulShutdown() {
		ShutdownDrain drain = new ShutdownDrain((event) -> {
		}, Duration.ZERO, (duration) -> {
		});
		// Spring stops the higher phases first; the web server's graceful shutdown runs
		// at DEFAULT_PHASE - 1024
		assertThat(drain.getPhase()).isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024);
	}

}
