package io.deepdock.webapp.pages;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTableTest {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anImageModelsEvaluationIsASummaryAndOneRowPerClass() {
		MetricsTable table = MetricsTable.of("{\"metric\":\"accuracy\",\"score\":0.99,\"classification\":"
				+ "{\"examples\":200,\"accuracy\":0.99,\"macroF1\":0.985,\"perClass\":[{\"label\":\"0\","
				+ "\"precision\":0.98,\"recall\":1.0,\"f1\":0.9899,\"support\":100}]}}", this.json);
		assertThat(table.metric()).isEqualTo("accuracy");
		assertThat(table.score()).isEqualTo("0.990");
		assertThat(table.summary()).extracting(MetricsTable.Cell::name, MetricsTable.Cell::value)
			.startsWith(org.assertj.core.groups.Tuple.tuple("accuracy", "0.990"),
					org.assertj.core.groups.Tuple.tuple("macro F1", "0.985"));
		assertThat(table.columns()).containsExactly("class", "precision", "recall", "F1", "support");
		assertThat(table.rows()).containsExactly(List.of("0", "0.980", "1.000", "0.990", "100"));
	}

	@Test
	void aToxicityModelsEvaluationHasTheRocAucOfEachLabelAndADashWhereItIsUndefined() {
		MetricsTable table = MetricsTable.of("{\"metric\":\"mean_roc_auc\",\"score\":0.8,\"multiLabel\":"
				+ "{\"examples\":50,\"meanRocAuc\":0.8,\"perLabel\":[{\"label\":\"threat\",\"rocAuc\":null,"
				+ "\"positives\":0,\"precision\":0,\"recall\":0}]}}", this.json);
		assertThat(table.metric()).isEqualTo("mean ROC AUC");
		assertThat(table.columns()).containsExactly("label", "ROC AUC", "positives", "precision", "recall");
		assertThat(table.rows()).containsExactly(List.of("threat", "–", "0", "0.000", "0.000"));
	}

	@Test
	void noOrUnreadableMetricsAreNoTable() {
		assertThat(MetricsTable.of(null, this.json)).isNull();
		assertThat(MetricsTable.of("not json", this.json)).isNull();
		assertThat(MetricsTable.of("{}", this.json)).isNull();
	}

}
