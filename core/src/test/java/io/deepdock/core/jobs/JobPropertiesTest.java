package io.deepdock.core.jobs;

import io.deepdock.core.contracts.JobState;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobPropertiesTest {

	@Test
	void backoffDoublesUpToItsCap() {
		JobProperties properties = new JobProperties(5, Duration.ofSeconds(1), Duration.ofSeconds(5), true,
				Duration.ofSeconds(90), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(25),
				Duration.ofSeconds(1));
		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(properties.backoff(4)).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.backoff(60)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void refusesAHeartbeatTooSlowForTheLease() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new JobProperties(3, Duration.ofSeconds(1), Duration.ofSeconds(5), true,
					Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(25),
					Duration.ofSeconds(1)))
			.hasMessageContaining("at most a third");
	}

	@Test
	void onlyTerminalStatesEndAJob() {
		assertThat(JobState.QUEUED.isTerminal()).isFalse();
		assertThat(JobState.RUNNING.isTerminal()).isFalse();
		assertThat(JobState.SUCCEEDED.isTerminal()).isTrue();
		assertThat(JobState.FAILED.isTerminal()).isTrue();
		assertThat(JobState.CANCELLED.isTerminal()).isTrue();
	}

}
