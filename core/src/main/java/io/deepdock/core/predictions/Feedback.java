package io.deepdock.core.predictions;

import java.util.List;

import io.deepdock.core.ml.data.ImageSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The predictions users corrected, as training examples. A retraining claims them with
 * its job id ({@code used_in_job_id}), so each correction is learnt by one training: a
 * later one only takes corrections that no training used, or whose training failed or was
 * cancelled. A resumed job reads back exactly what it claimed the first time, so it
 * trains on the same data.
 */
@Component
public class Feedback {

	/**
	 * One corrected prediction: its 28x28 features (0..255) and the label a user gave.
	 */
	public record Example(long predictionId, byte[] features, String label) {
	}

	private final JdbcTemplate jdbc;

	Feedback(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the unused corrections of {@code task} for {@code jobId} (only when
	 * {@code claimNew}: a job's first attempt), then returns every correction the job
	 * holds.
	 * @param trustedOnly claim only trusted corrections: those on an admin's predictions
	 * (only the owner or an admin may label a prediction, so an admin gave them) or on
	 * predictions of no user (the platform's own). A training whose model may be promoted
	 * automatically passes true: a user's correction is data a user chose, and reaches
	 * everyone's model only through a training an admin reviews and promotes by hand.
	 */
	@Transactional
	public List<Example> claim(long jobId, String task, boolean claimNew, boolean trustedOnly) {
		if (claimNew) {
			this.jdbc.update("""
					UPDATE prediction p SET used_in_job_id = ?
					 WHERE p.task = ? AND p.feedback_label IS NOT NULL AND p.features IS NOT NULL
					   AND (p.used_in_job_id IS NULL
					        OR EXISTS (SELECT 1 FROM job j WHERE j.id = p.used_in_job_id
					                      AND j.state IN ('FAILED', 'CANCELLED')))
					   AND (NOT ? OR p.owner_id IS NULL
					        OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = p.owner_id AND u.role = 'ADMIN'))""",
					jobId, task, trustedOnly);
		}
		return this.jdbc.query(
				"SELECT id, features, feedback_label FROM prediction WHERE used_in_job_id = ? AND task = ? ORDER BY id",
				(rs, i) -> new Example(rs.getLong(1), rs.getBytes(2), rs.getString(3)), jobId, task);
	}

	/**
	 * {@code base} with every example appended {@code weight} times (a handful of
	 * corrections among thousands of images would otherwise barely count).
	 * @param labels the task's labels, to turn each label into its class index
	 */
	public static ImageSet append(ImageSet base, List<Example> examples, List<String> labels, int weight) {
		List<Example> usable = examples.stream()
			.filter((e) -> labels.contains(e.label()) && e.features() != null
					&& e.features().length == base.pixelsPerImage())
			.toList();
		if (usable.isEmpty() || weight <= 0) {
			return base;
		}
		int extra = usable.size() * weight;
		int count = base.count() + extra;
		int size = base.pixelsPerImage();
		byte[] pixels = java.util.Arrays.copyOf(base.pixels(), count * size);
		byte[] classes = java.util.Arrays.copyOf(base.labels(), count);
		int at = base.count();
		for (int copy = 0; copy < weight; copy++) {
			for (Example example : usable) {
				System.arraycopy(example.features(), 0, pixels, at * size, size);
				classes[at] = (byte) labels.indexOf(example.label());
				at++;
			}
		}
		return new ImageSet(count, base.rows(), base.cols(), base.classes(), classes, pixels);
	}

}
