package io.deepdock.launcher.nginx;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an nginx template the way the official nginx image does (envsubst over the
 * variables that are defined): {@code ${UPPER_CASE}} placeholders are replaced, nginx's
 * own lower-case {@code $variables} are left alone. Stricter than envsubst, so that a
 * template that would render wrongly in Swarm fails here first: an unknown placeholder is
 * an error, and so is a bare {@code $UPPER_CASE}, which envsubst would replace too.
 */
public final class TemplateRenderer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

	private static final Pattern BARE_UPPER = Pattern.compile("\\$([A-Z][A-Z0-9_]*)\\b");

	private TemplateRenderer() {
	}

	/**
	 * @param name the template's name, for messages
	 * @throws IllegalArgumentException naming every unknown placeholder
	 */
	public static String render(String name, String template, Map<String, String> values) {
		TreeSet<String> unknown = new TreeSet<>();
		Matcher bare = BARE_UPPER.matcher(template);
		while (bare.find()) {
			unknown.add("$" + bare.group(1) + " (write ${" + bare.group(1) + "} for a placeholder)");
		}
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String key = matcher.group(1);
			String value = values.get(key);
			if (value == null) {
				unknown.add("${" + key + "}");
				continue;
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException(name + ": no value for " + String.join(", ", unknown) + "; known: "
					+ new TreeSet<>(values.keySet()));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
