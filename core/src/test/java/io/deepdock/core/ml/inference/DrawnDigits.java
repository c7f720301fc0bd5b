package io.deepdock.core.ml.inference;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Draws the digit test images under {@code src/test/resources/ml/digits/} (run once; the
 * files are committed): pen strokes as a hand would make them, in three styles that
 * uploads really show: dark ink on light paper (PNG), light chalk on a dark board,
 * off-centre (JPEG), and black strokes on a transparent canvas (small PNG).
 */
public final class DrawnDigits {

	private DrawnDigits() {
	}

	/** The strokes of a digit in a unit box (x right, y down). */
	static Path2D strokes(int digit) {
		Path2D.Double p = new Path2D.Double();
		switch (digit) {
			case 0 -> p.append(new Ellipse2D.Double(0.1, 0, 0.8, 1), false);
			case 1 -> {
				p.moveTo(0.3, 0.2);
				p.lineTo(0.55, 0);
				p.lineTo(0.55, 1);
			}
			case 2 -> {
				p.moveTo(0.1, 0.25);
				p.curveTo(0.1, -0.05, 0.9, -0.05, 0.85, 0.3);
				p.lineTo(0.1, 1);
				p.lineTo(0.9, 1);
			}
			case 3 -> {
				p.moveTo(0.1, 0.1);
				p.curveTo(0.5, -0.1, 1.0, 0.15, 0.45, 0.48);
				p.curveTo(1.05, 0.55, 0.8, 1.1, 0.1, 0.9);
			}
			case 4 -> {
				p.moveTo(0.7, 1);
				p.lineTo(0.7, 0);
				p.lineTo(0.05, 0.65);
				p.lineTo(0.95, 0.65);
			}
			case 5 -> {
				p.moveTo(0.85, 0);
				p.lineTo(0.2, 0);
				p.lineTo(0.15, 0.45);
				p.curveTo(0.6, 0.3, 1.0, 0.6, 0.8, 0.85);
				p.curveTo(0.6, 1.05, 0.25, 1.0, 0.1, 0.88);
			}
			case 6 -> {
				p.moveTo(0.75, 0.02);
				p.curveTo(0.3, 0.1, 0.1, 0.5, 0.15, 0.75);
				p.append(new Ellipse2D.Double(0.15, 0.45, 0.7, 0.55), false);
			}
			case 7 -> {
				p.moveTo(0.05, 0);
				p.lineTo(0.95, 0);
				p.lineTo(0.35, 1);
			}
			case 8 -> {
				p.append(new Ellipse2D.Double(0.2, 0, 0.6, 0.46), false);
				p.append(new Ellipse2D.Double(0.12, 0.46, 0.76, 0.54), false);
			}
			case 9 -> {
				p.append(new Ellipse2D.Double(0.15, 0, 0.7, 0.5), false);
				p.moveTo(0.85, 0.25);
				p.curveTo(0.85, 0.6, 0.7, 0.9, 0.4, 1.0);
			}
			default -> throw new IllegalArgumentException("digit " + digit);
		}
		return p;
	}

	/**
	 * Draws {@code digit} in a {@code w}x{@code h} image, the digit {@code size} px tall
	 * with its top-left at (x, y).
	 */
	static BufferedImage draw(int digit, int type, int w, int h, Color background, Color ink, double x, double y,
			double size, float strokeWidth) {
		BufferedImage image = new BufferedImage(w, h, type);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
		if (background != null) {
			g.setColor(background);
			g.fillRect(0, 0, w, h);
		}
		AffineTransform box = new AffineTransform();
		box.translate(x, y);
		box.scale(size * 0.65, size);
		g.setColor(ink);
		g.setStroke(new BasicStroke(strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
		g.draw(box.createTransformedShape(strokes(digit)));
		g.dispose();
		return image;
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/ml/digits");
		Files.createDirectories(dir);
		for (int d = 0; d < 10; d++) {
			ImageIO.write(draw(d, BufferedImage.TYPE_INT_RGB, 200, 260, new Color(236, 231, 220), new Color(20, 30, 90),
					60, 50, 150, 16f), "png", dir.resolve(d + "-ink-on-paper.png").toFile());
			ImageIO.write(draw(d, BufferedImage.TYPE_INT_RGB, 320, 240, new Color(25, 45, 40), new Color(240, 240, 200),
					40, 30, 120, 14f), "jpeg", dir.resolve(d + "-chalk-on-board.jpg").toFile());
			ImageIO.write(draw(d, BufferedImage.TYPE_INT_ARGB, 56, 56, null, Color.BLACK, 16, 8, 40, 5f), "png",
					dir.resolve(d + "-canvas-transparent.png").toFile());
		}
	}

}
