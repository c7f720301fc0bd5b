package io.deepdock.core.schedules;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

import org.springframework.scheduling.support.CronExpression;

/**
 * A schedule's cron expression in its time zone. Accepts the usual five fields
 * ({@code minute hour day-of-month month day-of-week}), Spring's six (with seconds first)
 * and the macros {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly},
 * {@code @yearly}.
 */
public final class CronSchedule {

	/** The longest cron expression taken: a real one is under 100 characters. */
	static final int MAX_LENGTH = 200;

	private static final Map<String, String> DAYS = Map.of("0", "Sunday", "1", "Monday", "2", "Tuesday", "3",
			"Wednesday", "4", "Thursday", "5", "Friday", "6", "Saturday", "7", "Sunday");

	private final String text;

	private final String[] fields;

	private final CronExpression expression;

	private final ZoneId zone;

	private CronSchedule(String text, String[] fields, CronExpression expression, ZoneId zone) {
		this.text = text;
		this.fields = fields;
		this.expression = expression;
		this.zone = zone;
	}

	/**
	 * @throws IllegalArgumentException with a message fit for a user when the expression
	 * or the zone is not valid
	 */
	public static CronSchedule parse(String cron, String zone) {
		if (cron == null || cron.isBlank()) {
			throw new IllegalArgumentException("is required, e.g. '0 3 * * *' (every day at 03:00)");
		}
		String text = cron.trim();
		if (text.length() > MAX_LENGTH) {
			// refused before parsing, and never quoted back: the messages below may quote
			// it
			throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
		}
		String spring = text;
		String[] fields = text.split("\\s+");
		if (!text.startsWith("@")) {
			if (fields.length == 5) {
				spring = "0 " + text;
				fields = spring.split("\\s+");
			}
			else if (fields.length != 6) {
				throw new IllegalArgumentException("has " + fields.length
						+ " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)");
			}
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(spring);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not a valid cron expression: " + ex.getMessage());
		}
		ZoneId zoneId;
		try {
			zoneId = ZoneId.of((zone == null || zone.isBlank()) ? "UTC" : zone.trim());
		}
		catch (DateTimeException ex) {
			// the value is in the error's rejectedValue (cut there), never quoted whole
			// here
			throw new IllegalArgumentException("zone: not a time zone (e.g. UTC, Europe/Paris)");
		}
		return new CronSchedule(text, text.startsWith("@") ? null : fields, expression, zoneId);
	}

	public ZoneId zone() {
		return this.zone;
	}

	/** The first fire time strictly after {@code after}, or {@code null} if none. */
	public Instant next(Instant after) {
		ZonedDateTime next = this.expression.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * The shortest gap between the next few fire times after {@code from}: a schedule
	 * that fires too often is refused.
	 */
	public Duration shortestInterval(Instant from) {
		Duration shortest = null;
		Instant previous = next(from);
		for (int i = 0; i < 5 && previous != null; i++) {
			Instant following = next(previous);
			if (following == null) {
				break;
			}
			Duration gap = Duration.between(previous, following);
			shortest = (shortest == null || gap.compareTo(shortest) < 0) ? gap : shortest;
			previous = following;
		}
		return (shortest != null) ? shortest : Duration.ofDays(365);
	}

	/**
	 * How many fire times fall in {@code (after, until]}, counting at most {@code cap}.
	 */
	public int countBetween(Instant after, Instant until, int cap) {
		int count = 0;
		Instant at = next(after);
		while (at != null && !at.isAfter(until) && count < cap) {
			count++;
			at = next(at);
		}
		return count;
	}

	/** In plain words, e.g. "every day at 03:00 (UTC)". */
	public String describe() {
		return describeTime() + " (" + this.zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + ")";
	}

	private String describeTime() {
		switch (this.text) {
			case "@hourly":
				return "every hour, on the hour";
			case "@daily":
			case "@midnight":
				return "every day at 00:00";
			case "@weekly":
				return "every Sunday at 00:00";
			case "@monthly":
				return "on the 1st of every month at 00:00";
			case "@yearly":
			case "@annually":
				return "every 1 January at 00:00";
			default:
				break;
		}
		if (this.fields == null || !this.fields[0].equals("0")) {
			return "at the times of cron '" + this.text + "'";
		}
		String minute = this.fields[1];
		String hour = this.fields[2];
		String dom = this.fields[3];
		String month = this.fields[4];
		String dow = this.fields[5];
		boolean everyDay = isAny(dom) && isAny(month) && isAny(dow);
		if (minute.startsWith("*/") && hour.equals("*") && everyDay) {
			return "every " + minute.substring(2) + " minutes";
		}
		if (isNumber(minute) && hour.equals("*") && everyDay) {
			return "every hour at minute " + Integer.parseInt(minute);
		}
		if (isNumber(minute) && hour.startsWith("*/") && everyDay) {
			return "every " + hour.substring(2) + " hours at minute " + Integer.parseInt(minute);
		}
		if (isNumber(minute) && isNumber(hour)) {
			String time = "%02d:%02d".formatted(Integer.parseInt(hour), Integer.parseInt(minute));
			if (everyDay) {
				return "every day at " + time;
			}
			if (isAny(dom) && isAny(month) && DAYS.containsKey(dow)) {
				return "every " + DAYS.get(dow) + " at " + time;
			}
			if (isAny(dom) && isAny(month) && dow.equalsIgnoreCase("1-5")) {
				return "every weekday at " + time;
			}
			if (isNumber(dom) && isAny(month) && isAny(dow)) {
				return "on day " + Integer.parseInt(dom) + " of every month at " + time;
			}
		}
		return "at the times of cron '" + this.text + "'";
	}

	private static boolean isAny(String field) {
		return field.equals("*") || field.equals("?");
	}

	private static boolean isNumber(String field) {
		return field.chars().allMatch(Character::isDigit) && !field.isEmpty();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
