package io.deepdock.launcher.swarm;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code stack.yml} as the tests read it: YAML anchors resolved, the parts they compare
 * with the launcher's service definitions typed.
 */
public final class StackFile {

	/** The repository root: tests run in {@code launcher/}. */
	public static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	public static final Path PATH = REPOSITORY.resolve("stack.yml");

	private static final Pattern MEMORY = Pattern.compile("(\\d+)([kKmMgG])");

	private final Map<String, Object> root;

	private StackFile(Map<String, Object> root) {
		this.root = root;
	}

	public static StackFile read() {
		try (Reader reader = Files.newBufferedReader(PATH)) {
			return new StackFile(new Yaml(new LoaderOptions()).load(reader));
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read " + PATH, ex);
		}
	}

	public Map<String, Object> services() {
		return map(this.root, "services");
	}

	public Map<String, Object> service(String name) {
		Map<String, Object> service = map(services(), name);
		if (service == null) {
			throw new AssertionError("stack.yml has no service '" + name + "'; it has " + services().keySet());
		}
		return service;
	}

	/** A service's environment, values as strings. */
	public Map<String, String> environment(String name) {
		Map<String, String> environment = new LinkedHashMap<>();
		Map<String, Object> declared = map(service(name), "environment");
		if (declared != null) {
			declared.forEach((key, value) -> environment.put(key, String.valueOf(value)));
		}
		return environment;
	}

	public int replicas(String name) {
		return ((Number) map(service(name), "deploy").get("replicas")).intValue();
	}

	/** The healthcheck's {@code test}, e.g. {@code [CMD, curl, -fsS, ...]}. */
	@SuppressWarnings("unchecked")
	public List<String> healthcheck(String name) {
		return new ArrayList<>((List<String>) map(service(name), "healthcheck").get("test"));
	}

	/** {@code deploy.resources.limits.memory} in bytes. */
	public long memoryLimit(String name) {
		Map<String, Object> limits = map(map(map(service(name), "deploy"), "resources"), "limits");
		return bytes(String.valueOf(limits.get("memory")));
	}

	/** {@code stop_grace_period} in seconds. */
	public long stopGraceSeconds(String name) {
		String value = String.valueOf(service(name).get("stop_grace_period"));
		if (!value.endsWith("s")) {
			throw new AssertionError("stop_grace_period of " + name + " is not in seconds: " + value);
		}
		return Long.parseLong(value.substring(0, value.length() - 1));
	}

	@SuppressWarnings("unchecked")
	public List<String> networks(String name) {
		return new ArrayList<>((List<String>) service(name).get("networks"));
	}

	/** {@code 2560M}, {@code 2g}, {@code 768m} in bytes. */
	public static long bytes(String value) {
		Matcher matcher = MEMORY.matcher(value.trim());
		if (!matcher.matches()) {
			throw new AssertionError("not a memory size: " + value);
		}
		long number = Long.parseLong(matcher.group(1));
		return switch (Character.toLowerCase(matcher.group(2).charAt(0))) {
			case 'k' -> number << 10;
			case 'm' -> number << 20;
			default -> number << 30;
		};
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (parent != null) ? (Map<String, Object>) parent.get(key) : null;
	}

	public Map<String, Object> root() {
		return this.root;
	}

}
