package io.deepdock.worker.training;

import java.time.Duration;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * What the training integration tests ({@code RetrainJobIT}, {@code TrustedTrainingIT})
 * share: a small network's parameters, a job run to its end on this JVM's worker, and a
 * user's correction of a digits prediction that the bar digits
 * ({@code WorkerFixtures.writeBarDigits}) make learnable.
 */
final class TrainingFixtures {

	private TrainingFixtures() {
	}

	/** The {@code "parameters"} member of a payload: a small network, {@code epochs}. */
	static String small(int epochs) {
		return """
				"parameters":{"architecture":"small","epochs":%d,"batchSize":16,"patience":0,"validationFraction":0}"""
			.formatted(epochs);
	}

	/**
	 * Submits a job and waits (at most {@code timeout}) until it has ended; as it ended.
	 */
	static Job runToEnd(JobSubmission submission, JobRepository jobs, JobType type, JobTrigger trigger, Long owner,
			String payload, Duration timeout) {
		Job job = submission.submit(type, trigger, owner, payload);
		await().atMost(timeout).until(() -> jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		return jobs.findById(job.getId()).orElseThrow();
	}

	/**
	 * A digits prediction of {@code owner}'s (null: nobody's) by {@code modelVersionId}
	 * that was corrected to {@code label}: its features are that digit's bar.
	 * @return the prediction's id
	 */
	static long correction(JdbcTemplate jdbc, long modelVersionId, Long owner, String label) {
		byte[] features = new byte[784];
		int row = 2 + 2 * Integer.parseInt(label);
		for (int p = row * 28; p < (row + 2) * 28; p++) {
			features[p] = (byte) 255;
		}
		return jdbc.queryForObject("""
				INSERT INTO prediction (task, owner_id, model_version_id, label, probabilities, latency_micros,
				                        features, feedback_label, feedback_at)
				VALUES ('digits', ?, ?, '0', '{}'::jsonb, 1, ?, ?, now()) RETURNING id""", Long.class, owner,
				modelVersionId, features, label);
	}

}
