package io.deepdock.core.schedules;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CronScheduleTest {

	@Test
	void fiveFieldCronReadsAsMinuteHourDayMonthWeekday() {
		CronSchedule cron = CronSchedule.parse("0 3 * * *", "UTC");
		assertThat(cron.next(Instant.parse("2026-11-22T02:59:00Z"))).isEqualTo(Instant.parse("2026-11-22T03:00:00Z"));
		assertThat(cron.next(Instant.parse("2026-11-22T03:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
	}

	@Test
	void sixFieldCronHasSecondsFirst() {
		CronSchedule cron = CronSchedule.parse("30 0 3 * * *", "UTC");
		assertThat(cron.next(Instant.parse("2026-11-22T02:59:00Z"))).isEqualTo(Instant.parse("2026-11-22T03:00:30Z"));
	}

	@Test
	void theCronIsReadInItsTimeZone() {
		CronSchedule cron = CronSchedule.parse("0 3 * * *", "Europe/Paris");
		assertThat(cron.next(Instant.parse("2026-11-22T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-22T02:00:00Z"));
	}

	@Test
	void macrosAreAccepted() {
		assertThat(CronSchedule.parse("@daily", null).next(Instant.parse("2026-11-22T10:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
		assertThat(CronSchedule.parse("@hourly", null).shortestInterval(Instant.EPOCH)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void wrongFieldCountsBadFieldsAndUnknownZonesAreRefusedWithAReadableReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("* * *", "UTC"))
			.withMessageContaining("has 3 fields");
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("0 25 * * *", "UTC"))
			.withMessageContaining("not a valid cron expression");
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("0 3 * * *", "Mars/Base"))
			.withMessageStartingWith("zone");
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(" ", "UTC"))
			.withMessageContaining("required");
	}

	@Test
	void commonSchedulesAreDescribedInPlainWords() {
		assertThat(CronSchedule.parse("0 3 * * *", "UTC").describe()).isEqualTo("every day at 03:00 (UTC)");
		assertThat(CronSchedule.parse("30 4 * * 1", "UTC").describe()).isEqualTo("every Monday at 04:30 (UTC)");
		assertThat(CronSchedule.parse("0 2 * * 1-5", "UTC").describe()).isEqualTo("every weekday at 02:00 (UTC)");
		assertThat(CronSchedule.parse("0 1 15 * *", "UTC").describe())
			.isEqualTo("on day 15 of every month at 01:00 (UTC)");
		assertThat(CronSchedule.parse("*/30 * * * *", "UTC").describe()).isEqualTo("every 30 minutes (UTC)");
		assertThat(CronSchedule.parse("15 */6 * * *", "UTC").describe()).isEqualTo("every 6 hours at minute 15 (UTC)");
		assertThat(CronSchedule.parse("@weekly", "UTC").describe()).isEqualTo("every Sunday at 00:00 (UTC)");
		assertThat(CronSchedule.parse("0 3 1 1 *", "UTC").describe())
			.isEqualTo("at the times of cron '0 3 1 1 *' (UTC)");
	}

	@Test
	void missedFireTimesAreCountedUpToACap() {
		CronSchedule hourly = CronSchedule.parse("0 * * * *", "UTC");
		Instant due = Instant.parse("2026-11-22T00:00:00Z");
		assertThat(hourly.countBetween(due, Instant.parse("2026-11-22T05:30:00Z"), 100)).isEqualTo(5);
		assertThat(hourly.countBetween(due, Instant.parse("2026-11-22T05:30:00Z"), 3)).isEqualTo(3);
		assertThat(hourly.countBetween(due, Instant.parse("2026-11-22T00:30:00Z"), 100)).isZero();
	}

	@Test
	void aCronLongerThanTheLimitIsRefusedWithoutQuotingIt() {
		String cron = "0 3 * * * " + "x".repeat(CronSchedule.MAX_LENGTH);

		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(cron, "UTC"))
			.withMessage("is longer than " + CronSchedule.MAX_LENGTH + " characters");
	}

	@Test
	void anUnknownZoneIsRefusedWithoutQuotingIt() {
		String zone = "Mars/" + "x".repeat(1000);

		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("0 3 * * *", zone))
			.withMessageStartingWith("zone")
			.withMessageNotContaining("xxx");
	}

}
