package io.deepdock.core.predictions;

import java.util.List;

import io.deepdock.core.ml.data.ImageSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedbackTest {

	static final List<String> LABELS = List.of("zero", "one", "two");

	static ImageSet base() {
		return new ImageSet(2, 2, 2, 3, new byte[] { 0, 1 }, new byte[] { 1, 1, 1, 1, 2, 2, 2, 2 });
	}

	@Test
	void correctionsAreAppendedWeightTimesWithTheirLabelIndex() {
		ImageSet merged = Feedback.append(base(), List.of(new Feedback.Example(7, new byte[] { 9, 9, 9, 9 }, "two")),
				LABELS, 3);
		assertThat(merged.count()).isEqualTo(5);
		assertThat(merged.label(0)).isZero();
		assertThat(merged.label(1)).isEqualTo(1);
		for (int i = 2; i < 5; i++) {
			assertThat(merged.label(i)).isEqualTo(2);
			assertThat(merged.pixel(i, 3)).isEqualTo(9);
		}
		assertThat(merged.pixel(1, 0)).isEqualTo(2);
	}

	@Test
	void correctionsWithAnUnknownLabelOrTheWrongSizeAreLeftOut() {
		ImageSet merged = Feedback.append(base(), List.of(new Feedback.Example(1, new byte[] { 9, 9, 9, 9 }, "seven"),
				new Feedback.Example(2, new byte[] { 9, 9 }, "one")), LABELS, 4);
		assertThat(merged.count()).isEqualTo(2);
		assertThat(merged.pixel(1, 0)).isEqualTo(2);
	}

}
