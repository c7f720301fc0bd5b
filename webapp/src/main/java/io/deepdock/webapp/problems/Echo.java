package io.deepdock.webapp.problems;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value the user sent, as it may appear in an answer: at most {@link #MAX_CHARACTERS}
 * characters of it. A problem detail that repeated a rejected value whole would send a
 * 100 KB username back, and build it in memory once more, for every refusal.
 */
public final class Echo {

	/** The most characters of a rejected value that an answer repeats. */
	public static final int MAX_CHARACTERS = 64;

	/** The most characters of a problem's {@code detail} (our words and any echo). */
	static final int MAX_DETAIL_CHARACTERS = 1000;

	/**
	 * The most characters of a request path that a problem's {@code instance} repeats.
	 */
	public static final int MAX_INSTANCE_CHARACTERS = 200;

	private Echo() {
	}

	/**
	 * The value as text, cut after {@link #MAX_CHARACTERS} characters with a note of its
	 * length; {@code "null"} for null, like {@link String#valueOf(Object)}.
	 */
	public static String of(Object value) {
		return cut(String.valueOf(value), MAX_CHARACTERS);
	}

	/**
	 * A problem's detail: every quoted value in it ({@code '...'}, as deepdock and Spring
	 * MVC quote what was sent, e.g. "Failed to convert 'state' with value: '...'") cut
	 * like {@link #of}, and the whole at most {@link #MAX_DETAIL_CHARACTERS} characters.
	 */
	static String detail(String detail) {
		if (detail == null) {
			return null;
		}
		Matcher quoted = LONG_QUOTE.matcher(detail);
		String shortened = quoted.replaceAll((match) -> Matcher.quoteReplacement("'" + of(match.group(1)) + "'"));
		return cut(shortened, MAX_DETAIL_CHARACTERS);
	}

	private static final Pattern LONG_QUOTE = Pattern.compile("'([^']{" + (MAX_CHARACTERS + 1) + ",})'");

	private static String cut(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
		return text.substring(0, end) + "… (" + text.length() + " characters)";
	}

	/**
	 * A request path as a problem's {@code instance}: cut after
	 * {@link #MAX_INSTANCE_CHARACTERS} characters, never inside a {@code %XX} escape.
	 */
	public static String path(String path) {
		if (path == null || path.length() <= MAX_INSTANCE_CHARACTERS) {
			return path;
		}
		String cut = path.substring(0, MAX_INSTANCE_CHARACTERS);
		int percent = cut.lastIndexOf('%');
		return (percent >= 0 && percent >= cut.length() - 2) ? cut.substring(0, percent) : cut;
	}

}
