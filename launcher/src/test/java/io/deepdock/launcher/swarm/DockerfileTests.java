package io.deepdock.launcher.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.deepdock.launcher.processes.Role;
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
	void javaImagesBuildWithTheWrapperAndRunLayersOnATemurin17JreAsANonRootUser() throws IOException {
		for (Role role : Role.values()) {
			String dockerfile = read(role.id());
			assertThat(dockerfile).as(role.id())
				.contains("FROM eclipse-temurin:17-jdk AS build")
				.contains("./mvnw -B -q package -DskipTests")
				.contains("-pl " + role.id() + " -am")
				.contains("-Djarmode=tools -jar " + role.id() + "/target/deepdock-" + role.id()
						+ ".jar extract --layers --launcher")
				.contains("FROM eclipse-temurin:17-jre\n")
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
				.containsPattern("(?m)^FROM nginx:[0-9.]+-alpine$")
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
	void buildContextLeavesOutWhatBuildsAndRunsProduce() throws IOException {
		assertThat(Files.readAllLines(StackFile.REPOSITORY.resolve(".dockerignore"))).contains(".git", ".deepdock",
				"**/target");
	}

	private static String read(String directory) throws IOException {
		return Files.readString(StackFile.REPOSITORY.resolve(directory).resolve("Dockerfile"));
	}

}
