package io.deepdock.webapp.datasets;

import java.util.ArrayList;
import java.util.List;

import io.deepdock.webapp.charts.BarChart;

/**
 * How many examples each class has, train and test stacked, as a bar chart; a class far
 * shorter than the others is the first thing to see before training on a dataset.
 *
 * @param chart the bars
 * @param total examples counted
 */
record ClassBalance(BarChart chart, int total) {

	static ClassBalance of(List<String> labels, int[] train, int[] test) {
		List<BarChart.Row> rows = new ArrayList<>();
		int total = 0;
		for (int i = 0; i < labels.size(); i++) {
			rows.add(new BarChart.Row(labels.get(i), new double[] { train[i], test[i] }, train[i] + " + " + test[i]));
			total += train[i] + test[i];
		}
		return new ClassBalance(
				BarChart.of(rows, 0, new String[] { "bar-train", "bar-test" }, new String[] { "train", "test" }),
				total);
	}

}
