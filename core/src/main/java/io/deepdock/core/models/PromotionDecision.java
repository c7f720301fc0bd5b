package io.deepdock.core.models;

/**
 * The champion/challenger decision on a new version, recorded on it whatever it is (the
 * {@code decision} column, shown on the model page). Made by
 * {@link ModelRegistry#decide}.
 *
 * @param policy how the job may promote ({@code if-none}, {@code never},
 * {@code challenger})
 * @param challengerScore the new version's main metric: on the evaluation set when it was
 * compared with a champion, else on its own test split
 * @param championScore the ACTIVE version's main metric on the evaluation set, or null
 * when there is none or it could not be evaluated
 * @param evaluationDatasetId the trusted dataset whose test split both were scored on
 * (null when there was no comparison)
 * @param trustedData whether the version was trained on trusted data by the platform or
 * an admin: only then may it be promoted without an admin
 */
public record PromotionDecision(String policy, boolean promoted, String reason, String metric, double challengerScore,
		Long championId, Integer championVersion, Double championScore, Double minImprovement, Long evaluationDatasetId,
		boolean trustedData) {

	/**
	 * Scores a challenger and its champion on the task's trusted evaluation set. The
	 * worker implements it (it holds the networks); the registry decides.
	 */
	public interface Scorer {

		/** The task's trusted evaluation set (its test split), if it has one. */
		java.util.Optional<Long> evaluationSetId();

		/** The challenger's main metric on that set. */
		double challenger(long evaluationSetId) throws java.io.IOException;

		/** The champion's main metric on that set. */
		double champion(ModelVersion champion, long evaluationSetId) throws java.io.IOException;

	}

}
