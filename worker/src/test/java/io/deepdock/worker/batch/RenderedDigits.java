package io.deepdock.worker.batch;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.ImagePreprocessor;

/**
 * Digits drawn with the JDK's fonts as PNG files, dark on light like a scan: what a user
 * zips up. A model trained on their preprocessed form (the same preprocessing a batch
 * applies) learns them in a few seconds.
 */
final class RenderedDigits {

	private static final String[] FONTS = { Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED };

	private RenderedDigits() {
	}

	/** Image {@code i} shows digit {@code i % 10}. */
	static byte[] png(int i, long seed) {
		Random random = new Random(seed * 1_000_003 + i);
		int size = 70 + random.nextInt(50);
		BufferedImage image = new BufferedImage(size + 20, size + 20, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(new Color(235 + random.nextInt(20), 235 + random.nextInt(20), 235 + random.nextInt(20)));
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(new Color(random.nextInt(60), random.nextInt(60), random.nextInt(60)));
		g.setFont(new Font(FONTS[random.nextInt(FONTS.length)], random.nextBoolean() ? Font.BOLD : Font.PLAIN, size));
		g.drawString(Integer.toString(i % 10), 10 + random.nextInt(Math.max(1, size / 3)), size);
		g.dispose();
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code count} rendered digits, preprocessed as a batch would. */
	static ImageSet preprocessed(int count, long seed) {
		byte[] labels = new byte[count];
		byte[] pixels = new byte[count * 784];
		for (int i = 0; i < count; i++) {
			labels[i] = (byte) (i % 10);
			float[] features = ImagePreprocessor.preprocess(png(i, seed), Task.DIGITS, 1_000_000);
			for (int p = 0; p < 784; p++) {
				pixels[i * 784 + p] = (byte) Math.round(features[p]);
			}
		}
		return new ImageSet(count, 28, 28, 10, labels, pixels);
	}

}
