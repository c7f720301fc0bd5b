package io.deepdock.webapp.pages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * Times and durations as people read them, for the templates ({@code ${when.ago(t)}}): "2
 * min ago" in the page, the exact UTC time on hover.
 */
@Component("when")
public class Humans {

	private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	Humans() {
		this(Clock.systemUTC());
	}

	Humans(Clock clock) {
		this.clock = clock;
	}

	/** "just now", "42 s ago", "2 min ago", "3 h ago", "5 days ago"; "" for null. */
	public String ago(Instant at) {
		if (at == null) {
			return "";
		}
		long seconds = Duration.between(at, this.clock.instant()).toSeconds();
		if (seconds < 5) {
			return "just now";
		}
		return duration(seconds) + " ago";
	}

	/** The exact time, to the second, in UTC; "" for null. */
	public String exact(Instant at) {
		return (at != null) ? EXACT.format(at) : "";
	}

	/**
	 * How long from {@code from} to {@code to}: "48 s", "3 min 20 s"; "" if either is
	 * null.
	 */
	public String between(Instant from, Instant to) {
		if (from == null || to == null) {
			return "";
		}
		long seconds = Math.max(0, Duration.between(from, to).toSeconds());
		if (seconds >= 60 && seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return duration(seconds);
	}

	static String duration(long seconds) {
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 86_400) {
			return (seconds / 3600) + " h";
		}
		long days = seconds / 86_400;
		return days + ((days == 1) ? " day" : " days");
	}

}
