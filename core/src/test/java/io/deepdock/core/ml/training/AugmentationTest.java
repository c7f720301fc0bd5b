package io.deepdock.core.ml.training;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentationTest {

	@Test
	void clothesAreShiftedByWholePixelsSoEveryPixelIsASourcePixel() {
		byte[] image = new byte[28 * 28];
		SplittableRandom noise = new SplittableRandom(3);
		for (int i = 0; i < image.length; i++) {
			image[i] = (byte) (1 + noise.nextInt(255));
		}
		SplittableRandom random = new SplittableRandom(9);
		int[] seen = new int[9];
		for (int run = 0; run < 200; run++) {
			float[] out = new float[28 * 28];
			Augmentation.FASHION.apply(image, 0, 28, 28, out, 0, random);

			int match = matchingShift(image, out);
			assertThat(match).as("run %d is a whole-pixel shift of the image or of its mirror", run)
				.isGreaterThanOrEqualTo(0);
			seen[match]++;
		}
		assertThat(seen).as("every shift of -1, 0 and 1 pixel on each axis occurs").doesNotContain(0);
	}

	@Test
	void wholePixelShiftsCopyExactlyWhatTheBilinearSamplingGaveThem() {
		byte[] image = new byte[28 * 28];
		SplittableRandom noise = new SplittableRandom(5);
		for (int i = 0; i < image.length; i++) {
			image[i] = (byte) noise.nextInt(256);
		}
		for (int dy = -3; dy <= 3; dy++) {
			for (int dx = -3; dx <= 3; dx++) {
				for (boolean flip : new boolean[] { false, true }) {
					float[] copied = new float[28 * 28 + 5];
					float[] sampled = new float[28 * 28 + 5];
					Augmentation.shiftWholePixels(image, 0, 28, 28, copied, 5, dx, dy, flip);
					Augmentation.distort(image, 0, 28, 28, sampled, 5, 0, 1, dx, dy, flip);
					assertThat(copied).as("dx %d dy %d flip %b", dx, dy, flip).isEqualTo(sampled);
				}
			}
		}
	}

	@Test
	void digitsStillShiftByFractionsOfAPixel() {
		byte[] image = new byte[28 * 28];
		for (int i = 0; i < image.length; i++) {
			image[i] = (byte) (i % 200 + 20);
		}
		float[] out = new float[28 * 28];

		Augmentation.DIGITS.apply(image, 0, 28, 28, out, 0, new SplittableRandom(1));

		assertThat(matchingShift(image, out)).isEqualTo(-1);
	}

	@Test
	void refusesWholePixelShiftsWithRotationScaleOrAFractionalShift() {
		assertThatThrownBy(() -> new Augmentation(5, 1, 0, true, true)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Augmentation(0, 1, 0.1, true, true)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Augmentation(0, 1.5, 0, true, true)).isInstanceOf(IllegalArgumentException.class);
	}

	/**
	 * Which of the nine shifts (dx, dy in -1..1) of the image, mirrored or not,
	 * {@code out} is exactly (0..8), or -1 when none.
	 */
	private static int matchingShift(byte[] image, float[] out) {
		for (int dy = -1; dy <= 1; dy++) {
			for (int dx = -1; dx <= 1; dx++) {
				for (boolean mirror : new boolean[] { false, true }) {
					if (isShift(image, out, dx, dy, mirror)) {
						return (dy + 1) * 3 + dx + 1;
					}
				}
			}
		}
		return -1;
	}

	private static boolean isShift(byte[] image, float[] out, int dx, int dy, boolean mirror) {
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				int sx = x - dx;
				int sy = y - dy;
				if (mirror) {
					sx = 27 - sx;
				}
				float expected = sx < 0 || sy < 0 || sx >= 28 || sy >= 28 ? 0 : image[sy * 28 + sx] & 0xff;
				if (out[y * 28 + x] != expected) {
					return false;
				}
			}
		}
		return true;
	}

}
