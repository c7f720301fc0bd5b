package io.deepdock.launcher.swarm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the Swarm deployment without a Docker engine: {@code stack.yml}
 * as the docker CLI and docker-compose read it (types, unknown keys, references to
 * networks, volumes, configs and secrets), and every Dockerfile through two linters from
 * npm (hadolint does not install offline).
 */
class SwarmValidationIT {

	/** Every image's Dockerfile, built from the repository root. */
	static final List<String> DOCKERFILES = List.of("webapp/Dockerfile", "worker/Dockerfile", "scheduler/Dockerfile",
			"nginx/lb/Dockerfile", "nginx/assets/Dockerfile", "nginx/media/Dockerfile");

	/**
	 * Where the linters are installed: under target/, git-ignored, reused by later runs.
	 */
	private static final Path LINTERS = StackFile.REPOSITORY.resolve("launcher/target/dockerfile-linters");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void stackYmlPassesDockerStackConfig() throws Exception {
		Path docker = ExternalTool.require("docker", "the docker CLI; no engine is needed");
		// Debian 12's docker.io (20.10) has no "stack config": a newer CLI must come
		// first on PATH
		ExternalTool.Result help = ExternalTool.run(List.of(docker.toString(), "stack", "config", "--help"), 30);
		ExternalTool.requireThat(help.code() == 0,
				docker + " has no 'docker stack config' (Debian 12's 20.10 lacks it; "
						+ "put a newer docker CLI first on PATH)");

		ExternalTool.Result result = ExternalTool
			.run(List.of(docker.toString(), "stack", "config", "-c", StackFile.PATH.toString()), 60)
			.assertSucceeded();

		// what Swarm would deploy, anchors and defaults resolved
		assertThat(result.output()).contains("webapp:", "worker:", "scheduler:", "lb:", "postgres:", "rabbitmq:");
	}

	/**
	 * {@code ./deepdock swarm up}'s overrides merge with stack.yml into a valid stack,
	 * and the several-node one places what it says: web at most one per node with its CPU
	 * limit (and so updated stop-first), workers on Swarm workers, lb on the edge node,
	 * media bound to the shared folder.
	 */
	@Test
	void theSwarmOverridesMergeIntoAValidStackWithTheirPlacement() throws Exception {
		Path docker = ExternalTool.require("docker", "the docker CLI; no engine is needed");
		ExternalTool.Result help = ExternalTool.run(List.of(docker.toString(), "stack", "config", "--help"), 30);
		ExternalTool.requireThat(help.code() == 0, docker + " has no 'docker stack config'");
		Path swarm = StackFile.REPOSITORY.resolve("swarm");

		ExternalTool.Result result = ExternalTool
			.run(List.of(docker.toString(), "stack", "config", "-c", StackFile.PATH.toString(), "-c",
					swarm.resolve("override.yml").toString(), "-c", swarm.resolve("override-nodes.yml").toString()), 60)
			.assertSucceeded();

		assertThat(result.output()).contains("max_replicas_per_node: 1", "node.role == worker",
				"node.labels.deepdock.edge == true", "node.labels.deepdock.postgres == true",
				"device: /srv/deepdock-media", "endpoint_mode: dnsrr", "mode: host");
		String webapp = result.output().substring(result.output().indexOf("\n  webapp:\n"));
		webapp = webapp.substring(0, webapp.indexOf("\n  worker:\n"));
		assertThat(webapp).as("webapp, one task per node, can only update by stopping a task first")
			.contains("max_replicas_per_node: 1", "order: stop-first")
			.doesNotContain("order: start-first");
	}

	@Test
	void stackYmlPassesDockerComposeConfig() throws Exception {
		Path compose = ExternalTool.require("docker-compose", "apt-get install docker-compose");

		ExternalTool.run(List.of(compose.toString(), "-f", StackFile.PATH.toString(), "config", "-q"), 60)
			.assertSucceeded();
	}

	/** dockerfile-utils: syntax, flags and arguments of every instruction. */
	@Test
	void everyDockerfilePassesDockerfileUtilsLint() throws Exception {
		Path linter = linter("dockerfile-utils");
		for (String dockerfile : DOCKERFILES) {
			ExternalTool.Result result = ExternalTool.run(List.of(linter.toString(), "lint", "-j", dockerfile), 60);
			JsonNode problems = JSON.readTree(result.output());
			assertThat(problems.isArray()).as(result.output()).isTrue();
			assertThat(problems).as(dockerfile + ": " + result.output()).isEmpty();
			assertThat(result.code()).as(dockerfile).isZero();
		}
	}

	/**
	 * dockerfilelint: good practice (apt-get flags, pinned bases, ...). Version 1.8.0
	 * predates HEALTHCHECK's {@code --start-period} (Docker 17.05) and calls that line an
	 * invalid argument format; that one finding is allowed, the line's flags are checked
	 * by dockerfile-utils above.
	 */
	@Test
	void everyDockerfilePassesDockerfilelint() throws Exception {
		Path linter = linter("dockerfilelint");
		for (String dockerfile : DOCKERFILES) {
			ExternalTool.Result result = ExternalTool.run(List.of(linter.toString(), "-o", "json", dockerfile), 60);
			JsonNode report = JSON.readTree(result.output());
			List<String> findings = new ArrayList<>();
			for (JsonNode file : report.get("files")) {
				for (JsonNode issue : file.get("issues")) {
					String content = issue.get("content").asString();
					boolean startPeriod = content.startsWith("HEALTHCHECK ") && content.contains("--start-period=")
							&& issue.get("title").asString().equals("Invalid Argument Format");
					boolean taggedArgument = issue.get("title").asString().equals("Base Image Missing Tag")
							&& argumentDefaultIsTagged(StackFile.REPOSITORY.resolve(dockerfile), content);
					if (!startPeriod && !taggedArgument) {
						findings.add("line " + issue.get("line").asString() + ": " + issue.get("title").asString()
								+ ": " + content);
					}
				}
			}
			assertThat(findings).as(dockerfile).isEmpty();
		}
	}

	/**
	 * Whether {@code FROM ${NAME}} names a build argument whose default is a tagged image
	 * ({@code ARG NAME=eclipse-temurin:17-jre}): dockerfilelint 1.8.0 cannot see through
	 * the argument, which the Dockerfiles take so that ./deepdock swarm can pass a
	 * stand-in base image.
	 */
	private static boolean argumentDefaultIsTagged(Path dockerfile, String from) throws java.io.IOException {
		java.util.regex.Matcher argument = java.util.regex.Pattern.compile("FROM \\$\\{(\\w+)\\}.*").matcher(from);
		if (!argument.matches()) {
			return false;
		}
		java.util.regex.Matcher declared = java.util.regex.Pattern.compile("(?m)^ARG " + argument.group(1) + "=(\\S+)$")
			.matcher(java.nio.file.Files.readString(dockerfile));
		if (!declared.find()) {
			return false;
		}
		String image = declared.group(1);
		return image.substring(image.lastIndexOf('/') + 1).contains(":") && !image.endsWith(":latest");
	}

	/** A linter from npm, installed under target/ on first use. */
	private static Path linter(String name) throws Exception {
		Path binary = LINTERS.resolve("node_modules/.bin").resolve(name);
		if (!Files.isExecutable(binary)) {
			Path npm = ExternalTool.require("npm", "apt-get install npm");
			Files.createDirectories(LINTERS);
			ExternalTool
				.run(List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
						LINTERS.toString(), "dockerfilelint@1.8.0", "dockerfile-utils@0.16.3"), 300)
				.assertSucceeded();
		}
		assertThat(binary).isExecutable();
		return binary;
	}

}
