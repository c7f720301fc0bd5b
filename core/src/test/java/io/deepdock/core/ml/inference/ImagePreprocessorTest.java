package io.deepdock.core.ml.inference;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

	static byte[] resource(String name) throws IOException {
		try (InputStream in = ImagePreprocessorTest.class.getResourceAsStream("/ml/digits/" + name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	@Test
	void bringsEveryDrawnDigitToTheMnistForm() throws Exception {
		for (String style : new String[] { "ink-on-paper.png", "chalk-on-board.jpg", "canvas-transparent.png" }) {
			for (int d = 0; d < 10; d++) {
				float[] mnist = ImagePreprocessor.preprocess(resource(d + "-" + style), Task.DIGITS,
						ImagePreprocessor.DEFAULT_MAX_PIXELS);
				assertThat(mnist).hasSize(784);
				// ink bright on dark: the corners are background whatever the upload's
				// colours were
				assertThat(mnist[0]).isZero();
				assertThat(mnist[783]).isZero();
				// the content fits the 20x20 box and its centre of mass is the image
				// centre
				int[] box = boundingBox(mnist, 28);
				assertThat(Math.max(box[2] - box[0], box[3] - box[1]) + 1).as(d + style).isBetween(15, 21);
				double[] centre = centreOfMass(mnist, 28);
				assertThat(centre[0]).as(d + style + " x").isCloseTo(13.5, within(1.0));
				assertThat(centre[1]).as(d + style + " y").isCloseTo(13.5, within(1.0));
			}
		}
	}

	@Test
	void givesTheSameResultForDarkOnLightAndLightOnDark() {
		BufferedImage dark = DrawnDigits.draw(3, BufferedImage.TYPE_INT_RGB, 100, 100, Color.WHITE, Color.BLACK, 30, 15,
				70, 8f);
		BufferedImage light = DrawnDigits.draw(3, BufferedImage.TYPE_INT_RGB, 100, 100, Color.BLACK, Color.WHITE, 30,
				15, 70, 8f);

		float[] a = ImagePreprocessor.preprocess(png(dark), Task.DIGITS, 1_000_000);
		float[] b = ImagePreprocessor.preprocess(png(light), Task.DIGITS, 1_000_000);

		for (int i = 0; i < a.length; i++) {
			assertThat(a[i]).isCloseTo(b[i], within(2f));
		}
	}

	@Test
	void fillsTheWholeFrameForClothes() throws Exception {
		float[] fashion = ImagePreprocessor.preprocess(resource("0-ink-on-paper.png"), Task.FASHION,
				ImagePreprocessor.DEFAULT_MAX_PIXELS);

		int[] box = boundingBox(fashion, 28);
		assertThat(box[2] - box[0] + 1).isGreaterThanOrEqualTo(26);
	}

	@Test
	void refusesBytesThatAreNotAnImage() {
		assertThatThrownBy(() -> ImagePreprocessor.preprocess("hello, world".getBytes(), Task.DIGITS, 1000))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("not an image");
		assertThatThrownBy(() -> ImagePreprocessor.preprocess(new byte[0], Task.DIGITS, 1000))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("empty");
	}

	@Test
	void refusesTruncatedPng() throws Exception {
		byte[] whole = resource("5-ink-on-paper.png");

		assertThatThrownBy(() -> ImagePreprocessor.preprocess(Arrays.copyOf(whole, whole.length / 2), Task.DIGITS,
				ImagePreprocessor.DEFAULT_MAX_PIXELS))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("truncated or corrupt");
	}

	@Test
	void refusesTruncatedJpeg() throws Exception {
		byte[] whole = resource("5-chalk-on-board.jpg");

		assertThatThrownBy(() -> ImagePreprocessor.preprocess(Arrays.copyOf(whole, whole.length / 2), Task.DIGITS,
				ImagePreprocessor.DEFAULT_MAX_PIXELS))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("truncated or corrupt");
	}

	@Test
	void refusesADecompressionBombFromItsHeaderAlone() throws Exception {
		byte[] bomb = pngHeader(50_000, 50_000);

		assertThatThrownBy(() -> ImagePreprocessor.preprocess(bomb, Task.DIGITS, ImagePreprocessor.DEFAULT_MAX_PIXELS))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("50000x50000 = 2500000000 pixels; the limit is 40000000")
			.satisfies(ex -> assertThat(((InvalidInputException) ex).tooLarge()).isTrue());
	}

	@Test
	void decodesAnImageLargerThanTheWorkingSizeSubsampledWithinIt() {
		// a 12-megapixel phone photo of a digit: decoded whole it would take ~300 MB of
		// heap in the preprocessing arrays
		BufferedImage photo = DrawnDigits.draw(7, BufferedImage.TYPE_BYTE_GRAY, 4000, 3000, Color.WHITE, Color.BLACK,
				1500, 500, 2000, 160f);

		ImagePreprocessor.Grey grey = ImagePreprocessor.decodeGrey(png(photo), ImagePreprocessor.DEFAULT_MAX_PIXELS);

		assertThat((long) grey.width() * grey.height()).isLessThanOrEqualTo(ImagePreprocessor.WORKING_PIXELS);
		assertThat(grey.width() / (double) grey.height()).isCloseTo(4000 / 3000.0, within(0.01));
	}

	@Test
	void givesTheSameDigitFromALargePhotoAsFromASmallOne() {
		BufferedImage large = DrawnDigits.draw(4, BufferedImage.TYPE_BYTE_GRAY, 4000, 3000, Color.WHITE, Color.BLACK,
				1500, 500, 2000, 160f);
		BufferedImage small = DrawnDigits.draw(4, BufferedImage.TYPE_BYTE_GRAY, 400, 300, Color.WHITE, Color.BLACK, 150,
				50, 200, 16f);

		float[] a = ImagePreprocessor.preprocess(png(large), Task.DIGITS, ImagePreprocessor.DEFAULT_MAX_PIXELS);
		float[] b = ImagePreprocessor.preprocess(png(small), Task.DIGITS, ImagePreprocessor.DEFAULT_MAX_PIXELS);

		double difference = 0;
		for (int i = 0; i < a.length; i++) {
			difference += Math.abs(a[i] - b[i]);
		}
		// mean absolute difference per pixel, on a 0..255 scale
		assertThat(difference / a.length).isLessThan(8.0);
	}

	@Test
	void subsamplingStepKeepsTheWorkingImageWithinItsPixelBudget() {
		assertThat(ImagePreprocessor.subsampling(1024, 1024)).isEqualTo(1);
		assertThat(ImagePreprocessor.subsampling(1025, 1024)).isEqualTo(2);
		assertThat(ImagePreprocessor.subsampling(6000, 6000)).isEqualTo(6);
		assertThat(ImagePreprocessor.subsampling(50_000, 1)).isEqualTo(1);
		assertThat(ImagePreprocessor.subsampling(40_000, 1_000)).isEqualTo(7);
	}

	@Test
	void refusesABlankImage() {
		BufferedImage blank = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);

		assertThatThrownBy(() -> ImagePreprocessor.preprocess(png(blank), Task.DIGITS, 10_000))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("blank");
	}

	@Test
	void refusesImageFormatsOtherThanPngAndJpeg() throws Exception {
		ByteArrayOutputStream gif = new ByteArrayOutputStream();
		ImageIO.write(DrawnDigits.draw(1, BufferedImage.TYPE_INT_RGB, 40, 40, Color.WHITE, Color.BLACK, 10, 5, 30, 3f),
				"gif", gif);

		assertThatThrownBy(() -> ImagePreprocessor.preprocess(gif.toByteArray(), Task.DIGITS, 10_000))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("unsupported image format gif");
	}

	static byte[] png(BufferedImage image) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A PNG signature and IHDR declaring {@code w}x{@code h} RGB pixels, then an empty
	 * IDAT and IEND.
	 */
	static byte[] pngHeader(int w, int h) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
		DataOutputStream header = new DataOutputStream(ihdr);
		header.writeInt(w);
		header.writeInt(h);
		header.write(new byte[] { 8, 2, 0, 0, 0 });
		chunk(out, "IHDR", ihdr.toByteArray());
		chunk(out, "IDAT", new byte[0]);
		chunk(out, "IEND", new byte[0]);
		return bytes.toByteArray();
	}

	private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
		out.writeInt(data.length);
		byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		out.write(typeBytes);
		out.write(data);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		out.writeInt((int) crc.getValue());
	}

	/** {top, left, bottom, right} of the pixels above 20. */
	static int[] boundingBox(float[] image, int size) {
		int top = size;
		int left = size;
		int bottom = -1;
		int right = -1;
		for (int i = 0; i < image.length; i++) {
			if (image[i] > 20) {
				top = Math.min(top, i / size);
				bottom = Math.max(bottom, i / size);
				left = Math.min(left, i % size);
				right = Math.max(right, i % size);
			}
		}
		return new int[] { top, left, bottom, right };
	}

	static double[] centreOfMass(float[] image, int size) {
		double mass = 0;
		double x = 0;
		double y = 0;
		for (int i = 0; i < image.length; i++) {
			mass += image[i];
			x += image[i] * (i % size);
			y += image[i] * (i / size);
		}
		return new double[] { x / mass, y / mass };
	}

}
