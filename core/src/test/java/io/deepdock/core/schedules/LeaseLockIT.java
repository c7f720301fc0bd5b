package io.deepdock.core.schedules;

import java.nio.file.Path;
import java.time.Duration;

import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@WithInfrastructure
class LeaseLockIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	LeaseLock locks;

	@Test
	void onlyOneHolderAtATimeUntilTheLeaseExpires() {
		String name = "test-lock-" + System.nanoTime();
		assertThat(this.locks.tryAcquire(name, "a", Duration.ofMillis(800))).isTrue();
		assertThat(this.locks.tryAcquire(name, "b", Duration.ofMillis(800))).isFalse();
		assertThat(this.locks.holder(name)).isEqualTo("a");
		// the holder renews its own lease
		assertThat(this.locks.tryAcquire(name, "a", Duration.ofMillis(800))).isTrue();
		// an expired lease is taken over
		await().atMost(Duration.ofSeconds(5)).until(() -> this.locks.tryAcquire(name, "b", Duration.ofSeconds(30)));
		assertThat(this.locks.holder(name)).isEqualTo("b");
		assertThat(this.locks.tryAcquire(name, "a", Duration.ofSeconds(30))).isFalse();
	}

	@Test
	void releasedLeaseIsFreeAtOnceButOnlyItsHolderCanReleaseIt() {
		String name = "test-lock-" + System.nanoTime();
		assertThat(this.locks.tryAcquire(name, "a", Duration.ofMinutes(5))).isTrue();
		this.locks.release(name, "b");
		assertThat(this.locks.tryAcquire(name, "b", Duration.ofMinutes(5))).isFalse();
		this.locks.release(name, "a");
		assertThat(this.locks.tryAcquire(name, "b", Duration.ofMinutes(5))).isTrue();
	}

}
