package io.deepdock.webapp.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of a horizontal bar chart, computed on the server so that a template draws
 * it as plain SVG (coordinates and classes as attributes: nothing the Content Security
 * Policy would refuse, and no script needed). Each bar stacks one or more segments; the
 * colours come from the segments' CSS classes.
 *
 * @param width the SVG's width
 * @param height the SVG's height
 * @param bars the bars, top to bottom
 */
public record BarChart(int width, int height, List<Bar> bars) {

	/** Where the bars start (the labels sit left of it). */
	public static final int LABEL_WIDTH = 120;

	/** Longest bar. */
	public static final int BAR_SPACE = 300;

	/** Room right of the bars for the value. */
	public static final int VALUE_WIDTH = 90;

	public static final int ROW = 22;

	/**
	 * One bar: its label, its segments, and the text shown after it.
	 *
	 * @param y top of the bar
	 * @param textY baseline of its texts
	 * @param valueX where the value text starts
	 */
	public record Bar(String label, int y, int textY, List<Segment> segments, String value, int valueX) {
	}

	/** A stacked part of a bar. */
	public record Segment(int x, int width, String cssClass, String title) {
	}

	/** A bar's input: its label, the value of each segment and the text after it. */
	public record Row(String label, double[] values, String value) {
	}

	/**
	 * Lays out {@code rows}, scaling so that {@code max} fills the bar space (the largest
	 * stacked total when {@code max} is not positive).
	 * @param classes the CSS class of each segment, in the order of a row's values
	 * @param names what each segment is, for its tooltip ({@code <title>})
	 */
	public static BarChart of(List<Row> rows, double max, String[] classes, String[] names) {
		double scale = max;
		if (scale <= 0) {
			for (Row row : rows) {
				double total = 0;
				for (double v : row.values()) {
					total += Math.max(0, v);
				}
				scale = Math.max(scale, total);
			}
		}
		List<Bar> bars = new ArrayList<>();
		int y = 4;
		for (Row row : rows) {
			List<Segment> segments = new ArrayList<>();
			int x = LABEL_WIDTH;
			for (int i = 0; i < row.values().length; i++) {
				double v = Math.max(0, row.values()[i]);
				int w = (scale > 0) ? (int) Math.round(v / scale * BAR_SPACE) : 0;
				segments.add(new Segment(x, w, classes[i], row.label() + ": " + names[i] + " " + format(v)));
				x += w;
			}
			bars.add(new Bar(row.label(), y, y + 14, segments, row.value(), x + 6));
			y += ROW;
		}
		return new BarChart(LABEL_WIDTH + BAR_SPACE + VALUE_WIDTH, y + 4, bars);
	}

	static String format(double v) {
		return (v == Math.rint(v)) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
	}

}
