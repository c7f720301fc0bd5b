package io.deepdock.webapp.pages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HumansTest {

	static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

	final Humans when = new Humans(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void saysHowLongAgoInTheLargestWholeUnit() {
		assertThat(this.when.ago(NOW.minusSeconds(2))).isEqualTo("just now");
		assertThat(this.when.ago(NOW.minusSeconds(42))).isEqualTo("42 s ago");
		assertThat(this.when.ago(NOW.minusSeconds(150))).isEqualTo("2 min ago");
		assertThat(this.when.ago(NOW.minusSeconds(3 * 3600 + 5))).isEqualTo("3 h ago");
		assertThat(this.when.ago(NOW.minusSeconds(86_400))).isEqualTo("1 day ago");
		assertThat(this.when.ago(NOW.minusSeconds(5 * 86_400))).isEqualTo("5 days ago");
		assertThat(this.when.ago(null)).isEmpty();
	}

	@Test
	void givesTheExactTimeForTheHoverInUtc() {
		assertThat(this.when.exact(NOW.minusSeconds(61))).isEqualTo("2026-12-03 07:58:59 UTC");
	}

	@Test
	void saysHowLongSomethingRanInMinutesAndSeconds() {
		assertThat(this.when.between(NOW.minusSeconds(95), NOW)).isEqualTo("1 min 35 s");
		assertThat(this.when.between(NOW.minusSeconds(48), NOW)).isEqualTo("48 s");
		assertThat(this.when.between(null, NOW)).isEmpty();
	}

}
