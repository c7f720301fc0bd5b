package io.deepdock.launcher.up;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.deepdock.launcher.infrastructure.Endpoints;
import io.deepdock.launcher.nginx.BodyLimits;
import io.deepdock.launcher.processes.ServiceRole;

/**
 * The environment of a service process: the same variables that {@code stack.yml} sets in
 * Swarm, with local values ({@code StackParityTests} compares the names).
 */
final class ServiceEnvironment {

	private ServiceEnvironment() {
	}

	/**
	 * @param behindNginx whether nginx runs in front (lb and the media role): then a web
	 * replica answers a download with {@code X-Accel-Redirect} instead of the bytes
	 */
	static Map<String, String> of(LocalTopology.PlannedService service, Endpoints endpoints, Path media, Path mnist,
			Path fashion, boolean behindNginx) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DEEPDOCK_DB_URL", endpoints.jdbcUrl());
		environment.put("DEEPDOCK_DB_USER", endpoints.user());
		environment.put("DEEPDOCK_DB_PASSWORD", endpoints.password());
		environment.put("DEEPDOCK_AMQP_URI", endpoints.amqpUri());
		environment.put("DEEPDOCK_MEDIA_DIR", media.toString());
		environment.put("DEEPDOCK_REPLICA", service.name());
		environment.put("DEEPDOCK_SOURCES_MNIST_DIR", mnist.toString());
		environment.put("DEEPDOCK_SOURCES_FASHION_DIR", fashion.toString());
		if (service.role() == ServiceRole.WEBAPP) {
			environment.put("DEEPDOCK_MEDIA_ACCELREDIRECT", Boolean.toString(behindNginx));
			// the numbers lb's client_max_body_size lines are rendered from
			// (LocalNginxConfig)
			environment.putAll(BodyLimits.DEFAULTS.webappEnvironment());
		}
		environment.put("SERVER_PORT", Integer.toString(service.port()));
		// an OMP_NUM_THREADS the user set wins
		String threads = System.getenv("OMP_NUM_THREADS");
		environment.put("OMP_NUM_THREADS",
				(threads != null && !threads.isBlank()) ? threads : Integer.toString(service.role().ompThreads()));
		// local replicas are reached through nginx on 127.0.0.1, never from outside
		environment.put("SERVER_ADDRESS", "127.0.0.1");
		return environment;
	}

}
