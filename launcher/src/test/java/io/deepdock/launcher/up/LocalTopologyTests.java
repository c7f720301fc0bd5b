package io.deepdock.launcher.up;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.deepdock.launcher.processes.ServiceRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTopologyTests {

	@Test
	void namesReplicasLikeSwarmAndGivesEachItsOwnPort() {
		AtomicInteger next = new AtomicInteger(20000);
		List<LocalTopology.PlannedService> plan = LocalTopology.plan(2, 1, 0, Set.of(8080), next::getAndIncrement);
		assertThat(plan).containsExactly(new LocalTopology.PlannedService("webapp-1", ServiceRole.WEBAPP, 20000),
				new LocalTopology.PlannedService("webapp-2", ServiceRole.WEBAPP, 20001),
				new LocalTopology.PlannedService("worker-1", ServiceRole.WORKER, 20002),
				new LocalTopology.PlannedService("scheduler-1", ServiceRole.SCHEDULER, 20003));
	}

	@Test
	void withoutNginxTheFirstWebappTakesThePublicPort() {
		AtomicInteger next = new AtomicInteger(20000);
		List<LocalTopology.PlannedService> plan = LocalTopology.plan(1, 0, 8080, Set.of(8080), next::getAndIncrement);
		assertThat(plan).extracting(LocalTopology.PlannedService::name, LocalTopology.PlannedService::port)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("webapp-1", 8080),
					org.assertj.core.groups.Tuple.tuple("scheduler-1", 20000));
	}

	@Test
	void neverHandsOutAPortTwiceOrAReservedOne() {
		int[] ports = { 8080, 20000, 20000, 20001, 20001, 20002 };
		AtomicInteger index = new AtomicInteger();
		IntSupplier repeating = () -> ports[index.getAndIncrement()];
		List<LocalTopology.PlannedService> plan = LocalTopology.plan(2, 0, 0, Set.of(8080), repeating);
		assertThat(plan).extracting(LocalTopology.PlannedService::port).containsExactly(20000, 20001, 20002);
	}

}
