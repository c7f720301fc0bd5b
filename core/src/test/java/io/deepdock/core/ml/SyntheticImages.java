package io.deepdock.core.ml;

import java.util.Random;

import io.deepdock.core.ml.data.ImageSet;

/**
 * Tiny learnable image sets for fast tests: class c is a bright 6x6 block at a
 * class-specific place, plus noise.
 */
public final class SyntheticImages {

	private SyntheticImages() {
	}

	public static ImageSet of(int count, long seed) {
		Random random = new Random(seed);
		byte[] labels = new byte[count];
		byte[] pixels = new byte[count * 784];
		for (int i = 0; i < count; i++) {
			int label = i % 10;
			labels[i] = (byte) label;
			int top = 2 + (label / 5) * 12 + random.nextInt(3);
			int left = 1 + (label % 5) * 5 + random.nextInt(2);
			for (int p = 0; p < 784; p++) {
				int y = p / 28;
				int x = p % 28;
				boolean ink = y >= top && y < top + 6 && x >= left && x < Math.min(28, left + 6);
				int value = ink ? 200 + random.nextInt(56) : random.nextInt(40);
				pixels[i * 784 + p] = (byte) value;
			}
		}
		return new ImageSet(count, 28, 28, 10, labels, pixels);
	}

}
