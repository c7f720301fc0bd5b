package io.deepdock.webapp.problems;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EchoTest {

	@Test
	void aShortValueIsRepeatedAsItIs() {
		assertThat(Echo.of("cifar")).isEqualTo("cifar");
		assertThat(Echo.of(null)).isEqualTo("null");
		assertThat(Echo.of(12)).isEqualTo("12");
	}

	@Test
	void aLongValueIsCutAfter64CharactersWithItsLength() {
		String echo = Echo.of("a".repeat(100_000));

		assertThat(echo).isEqualTo("a".repeat(Echo.MAX_CHARACTERS) + "… (100000 characters)");
	}

	@Test
	void aCutNeverSplitsASurrogatePair() {
		String value = "a".repeat(Echo.MAX_CHARACTERS - 1) + "\uD83D\uDE00" + "b".repeat(10);

		assertThat(Echo.of(value)).startsWith("a".repeat(Echo.MAX_CHARACTERS - 1) + "…");
	}

	@Test
	void aDetailIsCutAfter1000Characters() {
		assertThat(Echo.detail("d".repeat(5000))).startsWith("d".repeat(1000) + "…").hasSizeLessThan(1100);
		assertThat(Echo.detail(null)).isNull();
	}

	@Test
	void aLongPathIsCutNeverInsideAnEscape() {
		assertThat(Echo.path("/api/v1/jobs/1")).isEqualTo("/api/v1/jobs/1");
		String path = "/" + "a".repeat(Echo.MAX_INSTANCE_CHARACTERS - 2) + "%C3%A9";

		assertThat(Echo.path(path)).isEqualTo("/" + "a".repeat(Echo.MAX_INSTANCE_CHARACTERS - 2));
		assertThat(Echo.path("/" + "b".repeat(5000))).hasSize(Echo.MAX_INSTANCE_CHARACTERS);
	}

	@Test
	void aLongQuotedValueInADetailIsCut() {
		String detail = Echo.detail("Failed to convert 'state' with value: '" + "z".repeat(4000) + "'");

		assertThat(detail).isEqualTo(
				"Failed to convert 'state' with value: '" + "z".repeat(Echo.MAX_CHARACTERS) + "… (4000 characters)'");
	}

}
