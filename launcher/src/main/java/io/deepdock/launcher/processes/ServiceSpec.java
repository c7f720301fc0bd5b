package io.deepdock.launcher.processes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One service process to start.
 *
 * @param name e.g. {@code webapp-1}: the console prefix, the log file name, the replica
 * name
 * @param role its kind
 * @param port its HTTP port (the web port of a webapp, the management port of the others)
 * @param command the full command line ({@code java ... -jar ...})
 * @param environment variables added to the launcher's own
 * @param log where its output goes
 */
public record ServiceSpec(String name, ServiceRole role, int port, List<String> command,
		Map<String, String> environment, Path log) {

	public ServiceSpec {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
	}

	public String healthUrl() {
		return "http://127.0.0.1:" + this.port + "/actuator/health";
	}

	public String readinessUrl() {
		return "http://127.0.0.1:" + this.port + ServiceRole.READINESS_PATH;
	}

}
