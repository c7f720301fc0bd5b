package io.deepdock.core.ml.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.evaluation.MultiLabelReport;
import io.deepdock.core.ml.inference.InvalidInputException;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.text.TextSet;
import io.deepdock.core.ml.text.ToxicityCsv;
import io.deepdock.core.ml.text.ToxicityFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToxicityTrainingTest {

	@Test
	void learnsThePlantedLabelRulesDespiteNoiseAndServesThemFromTheArtifact() throws Exception {
		TextSet train = ToxicityCsv.read(new StringReader(ToxicityFixtures.csv(3000, 0.03, 1)), 0);
		TextSet test = ToxicityCsv.read(new StringReader(ToxicityFixtures.csv(800, 0.03, 2)), 0);

		try (TrainedModel model = new Trainer().train(Task.TOXICITY, TrainingData.texts(train, test),
				TrainingParameters.defaults(Task.TOXICITY).withEpochs(8))) {
			MultiLabelReport report = model.evaluation().multiLabel();
			assertThat(report.meanRocAuc()).isGreaterThanOrEqualTo(0.95);
			assertThat(report.perLabel()).allSatisfy(label -> assertThat(label.rocAuc()).isGreaterThan(0.9));
			assertThat(model.evaluation().score()).isEqualTo(report.meanRocAuc());
			assertThat(model.vocabulary().terms()).contains("nitwit", "hurt you");

			ByteArrayOutputStream artifact = new ByteArrayOutputStream();
			String sha = ModelArtifacts.write(model, "generated", null, artifact);
			try (Predictor predictor = new Predictor(
					ModelArtifacts.read(new ByteArrayInputStream(artifact.toByteArray()), sha, Task.TOXICITY))) {
				Classification insult = predictor
					.predict(predictor.features("i think this page is about the source, you NITWIT and buffoon"));
				Classification polite = predictor
					.predict(predictor.features("i think this page is about the source, thanks for the review"));
				assertThat(insult.probabilities().get("insult"))
					.isGreaterThan(polite.probabilities().get("insult") + 0.3);
				assertThat(insult.probabilities().get("toxic"))
					.isGreaterThan(polite.probabilities().get("toxic") + 0.3);
				assertThat(insult.probabilities().get("threat")).isLessThan(0.5);
				assertThat(polite.labels()).doesNotContain("insult", "threat", "identity_hate");

				assertThatThrownBy(() -> predictor.features("  ")).isInstanceOf(InvalidInputException.class)
					.hasMessage("text is empty");
				assertThatThrownBy(() -> predictor.features("x".repeat(10_001)))
					.isInstanceOf(InvalidInputException.class)
					.hasMessageContaining("the limit is 10000");
			}
		}
	}

}
