package io.deepdock.scheduler.leadership;

import java.nio.file.Path;

import io.deepdock.core.schedules.LeaseLock;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started scheduler holds the leadership lease; a second replica stands by and reports
 * it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
// closed after the class: a cached context would keep holding the leadership lease, and
// the next
// class's scheduler would stand by
@DirtiesContext
class LeadershipIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	Leadership leadership;

	@Autowired
	LeaseLock locks;

	@Autowired
	LeadershipProperties properties;

	@Test
	void startedSchedulerHoldsTheLeaseAndASecondReplicaStandsBy() {
		assertThat(this.leadership.isLeader()).isTrue();
		assertThat(this.locks.holder(Leadership.LOCK)).isEqualTo(this.leadership.holder());
		Leadership second = new Leadership(this.locks, this.properties);
		second.renew();
		assertThat(second.isLeader()).isFalse();
		assertThat(second.health().getDetails()).containsEntry("leader", false);
		// the leader keeps it when it renews
		this.leadership.renew();
		assertThat(this.leadership.isLeader()).isTrue();
	}

}
