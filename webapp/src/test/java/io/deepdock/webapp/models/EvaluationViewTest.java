package io.deepdock.webapp.models;

import java.util.List;

import io.deepdock.core.ml.evaluation.ClassificationReport;
import io.deepdock.core.ml.evaluation.Evaluation;
import io.deepdock.core.ml.evaluation.MultiLabelReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluationViewTest {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aConfusionMatrixBecomesHeatCellsShadedByTheirShareOfTheRow() {
		ClassificationReport report = new ClassificationReport(30, 0.8, 0.8,
				List.of(new ClassificationReport.ClassMetrics("cat", 1, 1, 1, 10),
						new ClassificationReport.ClassMetrics("dog", 1, 1, 1, 20)),
				new int[][] { { 10, 0 }, { 5, 15 } });
		String stored = this.json.writeValueAsString(Evaluation.of("pets", report));
		EvaluationView view = EvaluationView.of(1, 3, stored, this.json);
		assertThat(view.labels()).containsExactly("cat", "dog");
		assertThat(view.hasMatrix()).isTrue();
		assertThat(view.hasAuc()).isFalse();
		assertThat(view.rows().get(0).cells()).extracting(EvaluationView.HeatCell::cssClass)
			.containsExactly("heat-9 diagonal", "heat-0");
		assertThat(view.rows().get(1).cells()).extracting(EvaluationView.HeatCell::count).containsExactly(5, 15);
		// 5 of 20 = 2.5 tenths, 15 of 20 = 7.5
		assertThat(view.rows().get(1).cells()).extracting(EvaluationView.HeatCell::shade).containsExactly(2, 7);
		assertThat(view.rows().get(1).cells().get(0).title()).isEqualTo("5 of 20 dog predicted as cat");
		assertThat(view.score()).isEqualTo("0.8000");
	}

	@Test
	void perLabelAucBecomesBarsOnAZeroToOneScaleAndAnUndefinedOneSaysSo() {
		MultiLabelReport report = new MultiLabelReport(100, 0.75,
				List.of(new MultiLabelReport.LabelMetrics("toxic", 1.0, 10, 1, 1),
						new MultiLabelReport.LabelMetrics("threat", null, 0, 0, 0),
						new MultiLabelReport.LabelMetrics("insult", 0.5, 3, 0, 0)));
		EvaluationView view = EvaluationView.of(2, 1, this.json.writeValueAsString(Evaluation.of("toxicity", report)),
				this.json);
		assertThat(view.hasMatrix()).isFalse();
		assertThat(view.auc().bars()).extracting((bar) -> bar.segments().get(0).width()).containsExactly(300, 0, 150);
		assertThat(view.auc().bars()).extracting((bar) -> bar.value())
			.containsExactly("1.000", "undefined (0 positives)", "0.500");
	}

	@Test
	void aVersionWithoutAnEvaluationHasNoView() {
		assertThat(EvaluationView.of(3, 1, null, this.json)).isNull();
		assertThat(EvaluationView.of(3, 1, "{}", this.json)).isNull();
		assertThat(EvaluationView.of(3, 1, "not json", this.json)).isNull();
	}

}
