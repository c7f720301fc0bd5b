package io.deepdock.core.models;

import java.io.IOException;
import java.util.Optional;

import io.deepdock.core.contracts.Topology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The champion/challenger rule, owned by the registry, without a database. */
class ModelRegistryDecisionTest {

	final ModelVersionRepository versions = mock(ModelVersionRepository.class);

	final ModelRegistry registry = new ModelRegistry(this.versions, null, new Topology(""));

	final ModelVersion champion = new ModelVersion("digits", 3, 1L, null, "{}");

	static PromotionDecision.Scorer scores(Long evaluationSet, double challenger, Double champion) {
		return new PromotionDecision.Scorer() {
			@Override
			public Optional<Long> evaluationSetId() {
				return Optional.ofNullable(evaluationSet);
			}

			@Override
			public double challenger(long evaluationSetId) {
				return challenger;
			}

			@Override
			public double champion(ModelVersion version, long evaluationSetId) throws IOException {
				if (champion == null) {
					throw new IOException("artifact missing");
				}
				return champion;
			}
		};
	}

	void championIsActive() {
		when(this.versions.findByTaskAndStatus("digits", ModelStatus.ACTIVE)).thenReturn(Optional.of(this.champion));
	}

	@Test
	void promotesAChallengerThatBeatsTheChampionByTheMinimumImprovement() {
		championIsActive();
		PromotionDecision decision = this.registry.decide("challenger", 0.01, "digits", "accuracy", 0.97, null,
				scores(5L, 0.95, 0.93));
		assertThat(decision.promoted()).isTrue();
		assertThat(decision.reason()).startsWith("promoted: accuracy 0.9500 vs champion v3 0.9300");
		assertThat(decision.championScore()).isEqualTo(0.93);
		assertThat(decision.evaluationDatasetId()).isEqualTo(5L);
	}

	@Test
	void keepsTheChampionWhenTheChallengerMissesTheMinimumImprovement() {
		championIsActive();
		PromotionDecision decision = this.registry.decide("challenger", 0.05, "digits", "accuracy", 0.97, null,
				scores(5L, 0.95, 0.93));
		assertThat(decision.promoted()).isFalse();
		assertThat(decision.reason()).startsWith("kept the champion: ").contains("misses the minimum improvement");
	}

	@Test
	void neverPromotesUntrustedTrainingByItself() {
		PromotionDecision decision = this.registry.decide("challenger", 0, "digits", "accuracy", 0.99,
				"a user's training is never promoted for everyone by itself", scores(5L, 0.99, 0.5));
		assertThat(decision.promoted()).isFalse();
		assertThat(decision.trustedData()).isFalse();
	}

	@Test
	void promotesTheFirstTrustedVersionOfATask() {
		when(this.versions.findByTaskAndStatus("digits", ModelStatus.ACTIVE)).thenReturn(Optional.empty());
		assertThat(this.registry.decide("if-none", 0, "digits", "accuracy", 0.9, null, scores(5L, 0.9, 0.9)).promoted())
			.isTrue();
	}

	@Test
	void keepsTheChampionWithoutATrustedEvaluationSet() {
		championIsActive();
		PromotionDecision decision = this.registry.decide("challenger", 0, "digits", "accuracy", 0.99, null,
				scores(null, 0.99, 0.5));
		assertThat(decision.promoted()).isFalse();
		assertThat(decision.reason()).contains("has no trusted evaluation set");
	}

	@Test
	void replacesAChampionThatCannotBeEvaluated() {
		championIsActive();
		PromotionDecision decision = this.registry.decide("challenger", 0, "digits", "accuracy", 0.99, null,
				scores(5L, 0.9, null));
		assertThat(decision.promoted()).isTrue();
		assertThat(decision.reason()).contains("could not be evaluated (artifact missing)");
	}

	@Test
	void neverPolicyPromotesNothing() {
		assertThat(this.registry.decide("never", 0, "digits", "accuracy", 0.99, null, scores(5L, 0.99, 0.1)).promoted())
			.isFalse();
	}

}
