package io.deepdock.core.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner for each table (issue 14): the SQL that writes a table ({@code INSERT INTO},
 * {@code UPDATE}, {@code DELETE FROM}) lives in one package of one module, the feature
 * that owns it, whatever service runs it. A second writer, such as a controller marking a
 * job's files removed with its own {@code UPDATE job}, would keep its own copy of the
 * feature's rules. The main code of every service is read as source, since SQL is in
 * strings.
 */
class TableWritersTest {

	static final Pattern WRITE = Pattern.compile("(?<!FOR |DO )\\b(?:INSERT INTO|UPDATE|DELETE FROM)\\s+([a-z_]+)\\b");

	static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

	@Test
	void eachTableIsWrittenByOnePackage() throws IOException {
		Map<String, Set<String>> writers = new TreeMap<>();
		for (String module : new String[] { "core", "webapp", "worker", "scheduler", "launcher" }) {
			Path sources = PROJECT.resolve(module).resolve("src/main/java");
			assertThat(sources).as("the main sources of " + module).isDirectory();
			try (Stream<Path> files = Files.walk(sources)) {
				files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
					String writer = module + ":" + sources.relativize(file.getParent()).toString().replace('/', '.');
					Matcher sql = WRITE.matcher(read(file));
					while (sql.find()) {
						if (!sql.group(1).equals("SET")) {
							writers.computeIfAbsent(sql.group(1), (table) -> new TreeSet<>()).add(writer);
						}
					}
				});
			}
		}
		assertThat(writers).as("the tables written with SQL").containsKeys("job", "prediction", "outbox");
		assertThat(writers).allSatisfy(
				(table, packages) -> assertThat(packages).as("the packages that write table " + table).hasSize(1));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
