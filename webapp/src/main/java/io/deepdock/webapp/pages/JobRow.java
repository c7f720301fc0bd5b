package io.deepdock.webapp.pages;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;

/**
 * A job in the jobs list, with how far a training has come (epochs done of all) when it
 * is known.
 *
 * @param job the job
 * @param task the task it trains, imports or predicts for, or {@code null}
 * @param epoch the last epoch done, or {@code null}
 * @param epochs the epochs it runs, or {@code null}
 */
public record JobRow(Job job, String task, Integer epoch, Integer epochs) {

	/** The training's epoch messages read "epoch 2/5 (ACCURACY)". */
	private static final Pattern EPOCH = Pattern.compile("epoch (\\d+)/(\\d+)");

	static JobRow of(Job job, String task, List<JobProgress> progress) {
		for (int i = progress.size() - 1; i >= 0; i--) {
			JobProgress point = progress.get(i);
			if ("epoch".equals(point.getKind()) && point.getMessage() != null) {
				Matcher matcher = EPOCH.matcher(point.getMessage());
				if (matcher.find()) {
					return new JobRow(job, task, Integer.valueOf(matcher.group(1)), Integer.valueOf(matcher.group(2)));
				}
			}
		}
		return new JobRow(job, task, null, null);
	}

	public boolean hasProgress() {
		return this.epoch != null && this.epochs != null && this.epochs > 0;
	}

}
