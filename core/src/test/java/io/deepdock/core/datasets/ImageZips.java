package io.deepdock.core.datasets;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/**
 * Zips of images in class folders for tests: each class a dark shape of its own aspect
 * ratio on light paper (the preprocessing crops and scales, so position alone would not
 * tell classes apart), a little noise so that no two images are the same.
 */
public final class ImageZips {

	private ImageZips() {
	}

	/** A PNG of class {@code c}'s shape. */
	public static byte[] png(int c, long seed) {
		Random random = new Random(seed);
		BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 64, 64);
		g.setColor(Color.BLACK);
		int w = 6 + 5 * c + random.nextInt(3);
		int h = 54 - 4 * c + random.nextInt(3);
		g.fillRect((64 - w) / 2, (64 - h) / 2, w, h);
		if (c % 2 == 1) {
			// odd classes have a hole
			g.setColor(Color.WHITE);
			g.fillRect(32 - w / 4, 32 - h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
		}
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * {@code perClass[i]} images in the folder {@code folders[i]}, each a PNG of class
	 * {@code i}.
	 */
	public static byte[] zip(String[] folders, int[] perClass, long seed) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int c = 0; c < folders.length; c++) {
			for (int i = 0; i < perClass[c]; i++) {
				entries.put(folders[c] + "/img%03d.png".formatted(i), png(c, seed * 1000 + c * 100 + i));
			}
		}
		return zip(entries);
	}

	/** A zip of exactly these entries. */
	public static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(e.getKey()));
				out.write(e.getValue());
				out.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
