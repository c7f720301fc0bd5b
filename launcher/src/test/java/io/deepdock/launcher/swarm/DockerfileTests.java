package io.deepdock.launcher.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.deepdock.launcher.processes.ServiceRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every image must be, read from its Dockerfile (no engine here to build it):
 * {@code SwarmValidationIT} lints them, {@code StackParityTests} compares their ports,
 * health checks and JVM flags with stack.yml and the launcher.
 */
class DockerfileTests {

	private static final List<String> OCI_LABELS = List.of("org.opencontainers.image.title",
			"org.opencontainers.image.description", "org.opencontainers.image.version",
			"org.opencontainers.image.revision", "org.opencontainers.image.source");

	@Test
	void javaImagesCopyTheHostBuiltJarAndRunLayersOnATemurin17JreAsANonRootUser() throws IOException {
		for (ServiceRole role : ServiceRole.values()) {
			String dockerfile = read(role.id());
			String jar = role.id() + "/target/deepdock-" + role.id() + ".jar";
			assertThat(dockerfile).as(role.id())
				// the base image is an argument (a stand-in without a registry), the
				// official one by default
				.contains("ARG JRE_IMAGE=eclipse-temurin:17-jre\n")
				.contains("FROM ${JRE_IMAGE} AS build\n")
				// the jar is built once on the host, never again inside the image
				.contains("COPY " + jar + " ")
				.doesNotContainPattern("(?m)^RUN .*mvnw")
				.contains("-Djarmode=tools -jar " + jar + " extract --layers --launcher")
				.containsPattern("(?m)^FROM \\$\\{JRE_IMAGE}$")
				.contains("COPY --from=build /layers/dependencies/ ./")
				.contains("COPY --from=build /layers/application/ ./")
				.contains(
						"ENTRYPOINT [\"java\", \"-cp\", \"/app\", \"org.springframework.boot.loader.launch.JarLauncher\"]")
				.containsPattern("(?m)^USER deepdock$")
				.contains("--uid 10001")
				.contains("-XX:MaxRAMPercentage=");
			// the dependencies layer comes before the application, which changes most
			assertThat(dockerfile.indexOf("/layers/dependencies/"))
				.isLessThan(dockerfile.indexOf("/layers/application/"));
			assertThat(dockerfile.lastIndexOf("USER deepdock")).isLessThan(dockerfile.indexOf("ENTRYPOINT"));
			OCI_LABELS.forEach((label) -> assertThat(dockerfile).as(role.id()).contains(label + "="));
		}
	}

	@Test
	void nginxImagesComeFromTheOfficialImageWithTheSharedTemplates() throws IOException {
		for (String role : List.of("lb", "assets", "media")) {
			String dockerfile = read("nginx/" + role);
			assertThat(dockerfile).as(role)
				.containsPattern("(?m)^ARG NGINX_IMAGE=nginx:[0-9.]+-alpine$")
				.containsPattern("(?m)^FROM \\$\\{NGINX_IMAGE}$")
				.contains("COPY nginx/" + role + "/default.conf.template /etc/nginx/templates/default.conf.template")
				.contains("HEALTHCHECK ")
				.contains("/nginx-health");
			OCI_LABELS.forEach((label) -> assertThat(dockerfile).as(role).contains(label + "="));
		}
		assertThat(read("nginx/assets")).contains("COPY webapp/src/main/resources/static/ /usr/share/nginx/assets/");
		for (String role : List.of("lb", "media")) {
			assertThat(read("nginx/" + role))
				.contains("COPY nginx/docker/15-deepdock-secrets.envsh /docker-entrypoint.d/15-deepdock-secrets.envsh");
		}
		// the official image sources an .envsh only when it is executable
		assertThat(StackFile.REPOSITORY.resolve("nginx/docker/15-deepdock-secrets.envsh")).isExecutable();
	}

	@Test
	void mediaWorkersReadTheFilesAsTheUidTheJavaServicesWriteThem() throws IOException {
		// the Java services write media files 0600 as uid 10001: any other worker user
		// gets 403
		assertThat(read("nginx/media")).contains("-u 10001", "--uid 10001", "s/^user .*;/user deepdock;/");
	}

	@Test
	void buildContextLeavesOutWhatBuildsAndRunsProduce() throws IOException {
		assertThat(Files.readAllLines(StackFile.REPOSITORY.resolve(".dockerignore"))).contains(".git", ".deepdock",
				"**/target");
	}

	@Test
	void buildContextHoldsTheJarsTheJavaImagesCopy() throws IOException {
		List<String> ignore = Files.readAllLines(StackFile.REPOSITORY.resolve(".dockerignore"));
		for (ServiceRole role : ServiceRole.values()) {
			assertThat(ignore).contains("!" + role.id() + "/target/deepdock-" + role.id() + ".jar");
		}
	}

	@Test
	void noDockerfileNeedsTheBuildKitFrontendImage() throws IOException {
		// "# syntax=" makes BuildKit pull its frontend image: no registry, no build
		for (String directory : List.of("webapp", "worker", "scheduler", "nginx/lb", "nginx/assets", "nginx/media")) {
			assertThat(read(directory)).as(directory).doesNotContain("# syntax=");
		}
	}

	private static String read(String directory) throws IOException {
		return Files.readString(StackFile.REPOSITORY.resolve(directory).resolve("Dockerfile"));
	}

}
