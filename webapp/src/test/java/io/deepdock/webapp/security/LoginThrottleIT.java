package io.deepdock.webapp.security;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling on the real PostgreSQL: two {@link LoginThrottle}s on the same
 * database play two web replicas. Each test uses addresses of its own, so the counts of
 * one never touch another.
 */
@SpringBootTest(properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
class LoginThrottleIT {

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) throws Exception {
		String dir = Files.createTempDirectory("deepdock-throttle").toString();
		registry.add("deepdock.media.dir", () -> dir);
	}

	@Autowired
	JdbcTemplate jdbc;

	LoginThrottle replica(int maxFailures, int maxFailuresPerClient, Duration window) {
		return new LoginThrottle(new SecurityProperties(true, new SecurityProperties.Admin("admin", null),
				new SecurityProperties.Throttle(maxFailures, maxFailuresPerClient, window), Duration.ofMinutes(5)),
				this.jdbc);
	}

	static String address() {
		UUID random = UUID.randomUUID();
		return "10." + Math.floorMod(random.getMostSignificantBits(), 256) + "."
				+ Math.floorMod(random.getLeastSignificantBits(), 256) + "." + Math.floorMod(random.hashCode(), 256)
				+ ":" + random;
	}

	@Test
	void twoReplicasCountTheSameFailures() {
		LoginThrottle one = replica(3, 100, Duration.ofMinutes(15));
		LoginThrottle two = replica(3, 100, Duration.ofMinutes(15));
		String client = address();
		one.failed("alice", client);
		two.failed("alice", client);
		assertThat(one.lockedFor("alice", client)).isEmpty();
		assertThat(two.lockedFor("alice", client)).isEmpty();
		one.failed("Alice", client);
		assertThat(two.lockedFor("alice", client))
			.hasValueSatisfying((left) -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));
		assertThat(one.lockedFor("ALICE", client)).isPresent();
	}

	@Test
	void locksANameForOneClientOnlyAfterTheSmallBudget() {
		LoginThrottle throttle = replica(3, 100, Duration.ofMinutes(15));
		String client = address();
		for (int i = 0; i < 3; i++) {
			throttle.failed("alice", client);
		}
		assertThat(throttle.lockedFor("alice", client)).isPresent();
		// the same name from elsewhere, and another name from there, still log in
		assertThat(throttle.lockedFor("alice", address())).isEmpty();
		assertThat(throttle.lockedFor("bob", client)).isEmpty();
	}

	@Test
	void locksAClientOutOfEveryNameAfterTheLargerBudget() {
		LoginThrottle throttle = replica(3, 8, Duration.ofMinutes(15));
		String client = address();
		for (int i = 0; i < 8; i++) {
			throttle.failed("name" + i, client);
		}
		assertThat(throttle.lockedFor("someone-else", client)).isPresent();
		assertThat(throttle.lockedFor("someone-else", address())).isEmpty();
	}

	@Test
	void aStrangerNeverLocksTheAdminOutFromAnotherClient() {
		LoginThrottle throttle = replica(3, 8, Duration.ofMinutes(15));
		String stranger = address();
		for (int i = 0; i < 50; i++) {
			throttle.failed("admin", stranger);
		}
		// nor do guesses spread over many addresses add up to a lock of the name
		for (int i = 0; i < 50; i++) {
			throttle.failed("admin", address());
		}
		assertThat(throttle.lockedFor("admin", stranger)).isPresent();
		assertThat(throttle.lockedFor("admin", address())).isEmpty();
	}

	@Test
	void aSuccessfulLoginClearsTheCountOfThatClientAndNameButNotOfTheClient() {
		LoginThrottle throttle = replica(3, 5, Duration.ofMinutes(15));
		String client = address();
		throttle.failed("alice", client);
		throttle.failed("alice", client);
		throttle.succeeded("alice", client);
		throttle.failed("alice", client);
		throttle.failed("alice", client);
		assertThat(throttle.lockedFor("alice", client)).isEmpty();
		// five failures from the client in all: logging in to one's own account buys no
		// more guesses at others
		throttle.failed("bob", client);
		assertThat(throttle.lockedFor("carol", client)).isPresent();
	}

	@Test
	void theLockLiftsWhenTheWindowHasPassed() throws InterruptedException {
		LoginThrottle throttle = replica(2, 100, Duration.ofMillis(800));
		String client = address();
		throttle.failed("alice", client);
		throttle.failed("alice", client);
		assertThat(throttle.lockedFor("alice", client)).isPresent();
		Thread.sleep(1000);
		assertThat(throttle.lockedFor("alice", client)).isEmpty();
		// and a failure after it starts a new window with a count of one
		throttle.failed("alice", client);
		assertThat(throttle.lockedFor("alice", client)).isEmpty();
	}

	@Test
	void namesAndAddressesAreStoredAsHashesSoAnyValueFits() {
		LoginThrottle throttle = replica(1, 100, Duration.ofMinutes(15));
		String client = address();
		String hostile = "nul\u0000" + "x".repeat(10_000);
		throttle.failed(hostile, client);
		assertThat(throttle.lockedFor(hostile, client)).isPresent();
	}

}
