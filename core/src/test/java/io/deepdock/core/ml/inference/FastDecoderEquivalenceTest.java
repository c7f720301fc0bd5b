package io.deepdock.core.ml.inference;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The flat-array decoder gives exactly the pixels of the old {@code double[][]} path
 * (kept as {@link ReferencePreprocessor}) for every layout that PNG and JPEG decode to,
 * grey and colour, with and without alpha, and refuses what the old one refused with the
 * same message.
 */
class FastDecoderEquivalenceTest {

	@Test
	void givesTheSamePixelsAsTheOldPathForEveryPngAndJpegLayout() throws Exception {
		List<String> checked = new ArrayList<>();
		int[] types = { BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
				BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_USHORT_GRAY };
		for (int type : types) {
			for (boolean darkInk : new boolean[] { true, false }) {
				Color background = darkInk ? new Color(236, 231, 220) : new Color(25, 45, 40);
				Color ink = darkInk ? new Color(20, 30, 90) : new Color(240, 240, 200);
				BufferedImage image = DrawnDigits.draw(5, type, 150, 120, background, ink, 40, 15, 90, 9f);
				for (String format : new String[] { "png", "jpeg" }) {
					if (format.equals("jpeg")
							&& (image.getColorModel().hasAlpha() || type == BufferedImage.TYPE_USHORT_GRAY)) {
						continue;
					}
					byte[] bytes = encode(image, format);
					for (Task task : new Task[] { Task.DIGITS, Task.FASHION }) {
						assertSame(bytes, task, type + "/" + format + "/" + darkInk + "/" + task);
					}
					checked.add(type + format);
				}
			}
		}
		assertThat(checked).hasSize(18);
	}

	@Test
	void givesTheSamePixelsForStrokesOnATransparentCanvas() throws Exception {
		for (Color ink : new Color[] { Color.BLACK, Color.WHITE, new Color(200, 30, 30, 160) }) {
			BufferedImage canvas = DrawnDigits.draw(8, BufferedImage.TYPE_INT_ARGB, 56, 56, null, ink, 16, 8, 40, 5f);
			assertSame(encode(canvas, "png"), Task.DIGITS, "transparent canvas, ink " + ink);
		}
		for (int d = 0; d < 10; d++) {
			for (String style : new String[] { "ink-on-paper.png", "chalk-on-board.jpg", "canvas-transparent.png" }) {
				assertSame(ImagePreprocessorTest.resource(d + "-" + style), Task.DIGITS, d + style);
			}
		}
	}

	@Test
	void givesTheSamePixelsForAPaletteImageWithATransparentEntry() throws Exception {
		byte[] r = { (byte) 255, 0, 10 };
		byte[] g = { (byte) 255, 0, 20 };
		byte[] b = { (byte) 255, 0, 120 };
		byte[] a = { 0, (byte) 255, (byte) 255 };
		IndexColorModel palette = new IndexColorModel(2, 3, r, g, b, a);
		BufferedImage indexed = new BufferedImage(60, 60, BufferedImage.TYPE_BYTE_INDEXED, palette);
		BufferedImage drawn = DrawnDigits.draw(2, BufferedImage.TYPE_INT_ARGB, 60, 60, null, new Color(10, 20, 120), 15,
				8, 44, 5f);
		java.awt.Graphics2D graphics = indexed.createGraphics();
		graphics.drawImage(drawn, 0, 0, null);
		graphics.dispose();
		byte[] bytes = encode(indexed, "png");

		assertThat(ImageIO.read(new java.io.ByteArrayInputStream(bytes)).getType())
			.isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
		assertSame(bytes, Task.DIGITS, "palette with a transparent entry");
	}

	@Test
	void givesTheSamePixelsForALargePhotoDecodedSubsampled() throws Exception {
		BufferedImage photo = DrawnDigits.draw(7, BufferedImage.TYPE_3BYTE_BGR, 2200, 1600, Color.WHITE, Color.BLACK,
				800, 300, 1000, 80f);
		assertSame(encode(photo, "jpeg"), Task.DIGITS, "2200x1600 JPEG");
	}

	@Test
	void refusesGifBmpAndBrokenFilesWithTheOldMessages() throws Exception {
		BufferedImage image = DrawnDigits.draw(1, BufferedImage.TYPE_INT_RGB, 40, 40, Color.WHITE, Color.BLACK, 10, 5,
				30, 3f);
		byte[] png = encode(image, "png");
		byte[] jpeg = encode(image, "jpeg");
		List<byte[]> bad = List.of(encode(image, "gif"), encode(image, "bmp"), new byte[0], "hello".getBytes(),
				java.util.Arrays.copyOf(png, png.length / 2), java.util.Arrays.copyOf(jpeg, jpeg.length / 2),
				java.util.Arrays.copyOf(png, 8), new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff },
				ImagePreprocessorTest.pngHeader(100_000, 100_000), ImagePreprocessorTest.pngHeader(0, 10),
				encode(new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY), "png"));
		for (byte[] bytes : bad) {
			Throwable expected = catchThrowable(
					() -> ReferencePreprocessor.preprocess(bytes, Task.DIGITS, ImagePreprocessor.DEFAULT_MAX_PIXELS));
			Throwable actual = catchThrowable(
					() -> ImagePreprocessor.preprocess(bytes, Task.DIGITS, ImagePreprocessor.DEFAULT_MAX_PIXELS));
			assertThat(expected).isInstanceOf(InvalidInputException.class);
			assertThat(actual).isInstanceOf(InvalidInputException.class).hasMessage(expected.getMessage());
			assertThat(((InvalidInputException) actual).tooLarge())
				.isEqualTo(((InvalidInputException) expected).tooLarge());
		}
	}

	private static void assertSame(byte[] bytes, Task task, String what) {
		float[] expected = ReferencePreprocessor.preprocess(bytes, task, ImagePreprocessor.DEFAULT_MAX_PIXELS);
		float[] actual = ImagePreprocessor.preprocess(bytes, task, ImagePreprocessor.DEFAULT_MAX_PIXELS);
		// the same arithmetic in the same order: equal to the last bit
		assertThat(actual).as(what).containsExactly(expected);
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(ImageIO.write(image, format, out)).as(format + " writer for type " + image.getType()).isTrue();
		return out.toByteArray();
	}

}
