package io.deepdock.launcher.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository (jars, nginx templates, static files) and the state
 * directory ({@code .deepdock/}: PostgreSQL data, logs, media, run state, data sources),
 * which survives restarts and is git-ignored.
 */
public record Layout(Path repository, Path home) {

	public Layout {
		repository = repository.toAbsolutePath().normalize();
		home = home.toAbsolutePath().normalize();
	}

	/**
	 * The layout for this run: the repository from {@code deepdock.root} (set by the
	 * script) or the working directory; the home from {@code --home}, then
	 * {@code DEEPDOCK_HOME}, then {@code <repository>/.deepdock}.
	 */
	public static Layout resolve(Path homeOption, String rootProperty, String homeVariable) {
		Path repository = (rootProperty != null && !rootProperty.isBlank()) ? Path.of(rootProperty) : Path.of("");
		Path home;
		if (homeOption != null) {
			home = homeOption;
		}
		else if (homeVariable != null && !homeVariable.isBlank()) {
			home = Path.of(homeVariable);
		}
		else {
			home = repository.resolve(".deepdock");
		}
		return new Layout(repository, home);
	}

	/** The fat jar of a service, e.g. {@code webapp/target/deepdock-webapp.jar}. */
	public Path jar(String role) {
		return this.repository.resolve(role).resolve("target").resolve("deepdock-" + role + ".jar");
	}

	/** A role's nginx template, e.g. {@code nginx/lb/default.conf.template}. */
	public Path nginxTemplate(String role) {
		return this.repository.resolve("nginx").resolve(role).resolve("default.conf.template");
	}

	/** The wrapper that runs the three roles in one local nginx. */
	public Path localNginxTemplate() {
		return this.repository.resolve("nginx").resolve("local").resolve("nginx.conf.template");
	}

	/**
	 * The local upstream groups (webapp replicas, assets, media) that lb's targets name.
	 */
	public Path localUpstreamsTemplate() {
		return this.repository.resolve("nginx").resolve("local").resolve("upstreams.conf.template");
	}

	/** The web app's static files, which the assets role serves at {@code /assets/}. */
	public Path staticFiles() {
		return this.repository.resolve("webapp/src/main/resources/static");
	}

	public Path postgres() {
		return this.home.resolve("postgres");
	}

	public Path broker() {
		return this.home.resolve("broker");
	}

	public Path logs() {
		return this.home.resolve("logs");
	}

	public Path media() {
		return this.home.resolve("media");
	}

	public Path run() {
		return this.home.resolve("run");
	}

	public Path stateFile() {
		return run().resolve("state.json");
	}

	public Path lockFile() {
		return run().resolve("launcher.lock");
	}

	public Path sources() {
		return this.home.resolve("sources");
	}

	public Path nginx() {
		return this.home.resolve("nginx");
	}

	public Path log(String name) {
		return logs().resolve(name + ".log");
	}

	/** Creates the directories that {@code up} writes to. */
	public void createDirectories() {
		try {
			for (Path directory : new Path[] { logs(), media(), run(), sources(), nginx() }) {
				Files.createDirectories(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the state directory " + this.home, ex);
		}
	}

}
