package io.deepdock.launcher.processes;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which lines of a service's log reach the {@code ./deepdock up} console: the
 * warnings and errors, with the lines that continue them (a stack trace), and nothing of
 * the INFO chatter, which stays in the log file ({@code ./deepdock logs SERVICE}). One
 * per followed file: it remembers the level of the record a continuation line belongs to.
 */
final class ConsoleFilter {

	/**
	 * A Spring Boot log record: {@code 2026-12-03T07:40:00.123Z  WARN 1234 --- [...]}.
	 */
	private static final Pattern RECORD = Pattern
		.compile("^\\d{4}-\\d{2}-\\d{2}[T ][0-9:.,]+\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\b");

	private final boolean everything;

	/** Whether the record the next continuation line belongs to is shown. */
	private boolean showing;

	ConsoleFilter(boolean everything) {
		this.everything = everything;
	}

	boolean shows(String line) {
		if (this.everything) {
			return true;
		}
		Matcher record = RECORD.matcher(line);
		if (record.find()) {
			String level = record.group(1);
			this.showing = level.equals("WARN") || level.equals("ERROR") || level.equals("FATAL");
			return this.showing;
		}
		if (line.isBlank()) {
			return false;
		}
		// a continuation of the record before (a stack trace), or what the JVM itself
		// prints outside any record: shown when it is about a failure
		if (this.showing) {
			return true;
		}
		String lower = line.toLowerCase(Locale.ROOT);
		return lower.contains("exception") || lower.contains("error") || lower.startsWith("[emerg]")
				|| lower.contains("[emerg]") || lower.contains("[crit]") || lower.contains("[alert]");
	}

}
