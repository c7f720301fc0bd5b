package io.deepdock.launcher.up;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTests {

	private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void theDelayDoublesFromOneSecondUpToThirtySeconds() {
		RestartPolicy policy = new RestartPolicy();
		List<Long> delays = new ArrayList<>();
		Instant now = T0;
		for (int i = 0; i < 8; i++) {
			Duration delay = policy.exited(now);
			delays.add(delay.toSeconds());
			now = now.plus(delay).plusSeconds(5);
			policy.healthy(now); // healthy for a moment only, then dead again
			now = now.plusSeconds(5);
		}
		assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
		assertThat(policy.restarts()).isEqualTo(8);
	}

	@Test
	void aServiceThatStayedHealthyLongEnoughStartsAgainAtOneSecond() {
		RestartPolicy policy = new RestartPolicy();
		policy.exited(T0);
		policy.exited(T0.plusSeconds(10));
		assertThat(policy.exited(T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(4));
		policy.healthy(T0.plusSeconds(30));

		Duration afterAStableSpell = policy.exited(T0.plusSeconds(30).plus(RestartPolicy.STABLE));

		assertThat(afterAStableSpell).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.restarts()).isEqualTo(1);
	}

	@Test
	void aServiceThatDiesBeforeItWasEverHealthyKeepsBackingOff() {
		RestartPolicy policy = new RestartPolicy();
		policy.exited(T0);
		assertThat(policy.exited(T0.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(2));
	}

}
