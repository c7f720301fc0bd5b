package io.deepdock.webapp.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

	LoginThrottle throttle(int maxFailures, int maxFailuresPerUser) {
		return new LoginThrottle(new SecurityProperties(true, new SecurityProperties.Admin("admin", null),
				new SecurityProperties.Throttle(maxFailures, maxFailuresPerUser, Duration.ofMinutes(15)),
				Duration.ofMinutes(5)));
	}

	@Test
	void locksAUserNameFromOneAddressAfterTooManyWrongPasswords() {
		LoginThrottle throttle = throttle(3, 100);
		throttle.failed("alice", "10.0.0.1");
		throttle.failed("Alice", "10.0.0.1");
		assertThat(throttle.lockedFor("alice", "10.0.0.1")).isEmpty();
		throttle.failed("alice", "10.0.0.1");
		assertThat(throttle.lockedFor("alice", "10.0.0.1"))
			.hasValueSatisfying((left) -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));
		// the same user from elsewhere, and another user from there, still log in
		assertThat(throttle.lockedFor("alice", "10.0.0.2")).isEmpty();
		assertThat(throttle.lockedFor("bob", "10.0.0.1")).isEmpty();
	}

	@Test
	void locksAUserNameEverywhereWhenGuessesComeFromManyAddresses() {
		LoginThrottle throttle = throttle(3, 5);
		for (int i = 0; i < 5; i++) {
			throttle.failed("alice", "10.0.0." + i);
		}
		assertThat(throttle.lockedFor("alice", "10.9.9.9")).isPresent();
	}

	@Test
	void aSuccessfulLoginClearsTheCount() {
		LoginThrottle throttle = throttle(3, 100);
		throttle.failed("alice", "10.0.0.1");
		throttle.failed("alice", "10.0.0.1");
		throttle.succeeded("alice", "10.0.0.1");
		throttle.failed("alice", "10.0.0.1");
		assertThat(throttle.lockedFor("alice", "10.0.0.1")).isEmpty();
	}

}
