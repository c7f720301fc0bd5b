package io.deepdock.launcher.swarm;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service of {@code stack.yml} must have for operators to deploy, scale,
 * update and roll back safely. {@code StackParityTests} compares it with the launcher;
 * {@code SwarmValidationIT} has the docker CLI check its syntax.
 */
class StackFileTests {

	/**
	 * Services that run the application: updated with a new task before the old one goes.
	 */
	private static final Set<String> STATELESS = Set.of("lb", "assets", "media", "webapp", "worker", "scheduler");

	private final StackFile stack = StackFile.read();

	@Test
	void everyServiceHasLimitsAndReservations() {
		for (String service : this.stack.services().keySet()) {
			Map<String, Object> resources = map(deploy(service).get("resources"));
			assertThat(map(resources.get("limits"))).as(service).containsKeys("cpus", "memory");
			Map<String, Object> reservations = map(resources.get("reservations"));
			assertThat(reservations).as(service).containsKeys("cpus", "memory");
			assertThat(StackFile.bytes(String.valueOf(reservations.get("memory")))).as(service)
				.isLessThanOrEqualTo(this.stack.memoryLimit(service));
		}
	}

	@Test
	void everyServiceHasAHealthcheckWithAStartPeriodAndARestartPolicyWithMaxAttempts() {
		for (String service : this.stack.services().keySet()) {
			assertThat(map(this.stack.service(service).get("healthcheck"))).as(service)
				.containsKeys("test", "interval", "timeout", "retries", "start_period");
			assertThat(map(deploy(service).get("restart_policy"))).as(service).containsKey("max_attempts");
		}
	}

	@Test
	void statelessServicesUpdateStartFirstOneAtATimeAndRollBackOnFailure() {
		for (String service : STATELESS) {
			assertThat(map(deploy(service).get("update_config"))).as(service)
				.containsEntry("order", "start-first")
				.containsEntry("parallelism", 1)
				.containsEntry("failure_action", "rollback")
				.containsKey("monitor");
			assertThat(map(deploy(service).get("rollback_config"))).as(service).isNotEmpty();
		}
		// two databases or brokers must never share a data directory
		for (String service : List.of("postgres", "rabbitmq")) {
			assertThat(map(deploy(service).get("update_config"))).as(service).containsEntry("order", "stop-first");
			assertThat(map(deploy(service).get("placement")).get("constraints")).as(service)
				.isEqualTo(List.of("node.labels.deepdock." + service + " == true"));
		}
	}

	@Test
	void theMediaVolumeIsSharedByTheServicesThatReadOrWriteMedia() {
		for (String service : List.of("webapp", "worker", "media", "scheduler")) {
			List<?> volumes = (List<?>) this.stack.service(service).get("volumes");
			assertThat(volumes).as(service)
				.anySatisfy((volume) -> assertThat(map(volume)).containsEntry("source", "media")
					.containsEntry("target", "/srv/media"));
		}
		assertThat(this.stack.environment("webapp")).containsEntry("DEEPDOCK_MEDIA_DIR", "/srv/media");
		assertThat(this.stack.environment("media")).containsEntry("MEDIA_ROOT", "/srv/media");
	}

	private Map<String, Object> deploy(String service) {
		return map(this.stack.service(service).get("deploy"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
