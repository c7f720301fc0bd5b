package io.deepdock.core.ml.training;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.deepdock.core.ml.data.ImageSet;

/** An {@link ImageSet} as examples, with optional random affine augmentation. */
final class ImageExamples implements Examples {

	private final ImageSet images;

	private final Augmentation augmentation;

	ImageExamples(ImageSet images, Augmentation augmentation) {
		this.images = images;
		this.augmentation = augmentation;
	}

	@Override
	public int size() {
		return this.images.count();
	}

	@Override
	public int featureSize() {
		return this.images.pixelsPerImage();
	}

	@Override
	public int labelCount() {
		return this.images.classes();
	}

	@Override
	public int stratum(int example) {
		return this.images.label(example);
	}

	@Override
	public void features(int example, float[] out, int offset, SplittableRandom random) {
		int pixels = this.images.pixelsPerImage();
		byte[] source = this.images.pixels();
		int start = example * pixels;
		if (random == null || this.augmentation == null) {
			for (int p = 0; p < pixels; p++) {
				out[offset + p] = source[start + p] & 0xff;
			}
		}
		else {
			this.augmentation.apply(source, start, this.images.rows(), this.images.cols(), out, offset, random);
		}
	}

	@Override
	public void labels(int example, float[] out, int offset) {
		Arrays.fill(out, offset, offset + labelCount(), 0f);
		out[offset + this.images.label(example)] = 1f;
	}

}
