package io.deepdock.worker.batch;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.Classification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsCsvTest {

	@Test
	void writesOneColumnPerLabelAndEmptyPredictionCellsForAnErrorRow() throws IOException {
		StringWriter out = new StringWriter();
		ResultsCsv csv = new ResultsCsv(out, Task.TOXICITY);
		csv.header();
		Map<String, Double> p = new LinkedHashMap<>();
		Task.TOXICITY.labels().forEach((label) -> p.put(label, 0.1));
		p.put("toxic", 0.9);
		p.put("insult", 0.75);
		csv.prediction("c1", 42, new Classification("toxic", List.of("toxic", "insult"), p));
		csv.error("c2", "text is empty");
		assertThat(out.toString()).isEqualTo(
				"""
						input,prediction_id,label,labels,p_toxic,p_severe_toxic,p_obscene,p_threat,p_insult,p_identity_hate,error
						c1,42,toxic,toxic;insult,0.900000,0.100000,0.100000,0.100000,0.750000,0.100000,
						c2,,,,,,,,,,text is empty
						""");
	}

	@Test
	void quotesSeparatorsAndDefusesSpreadsheetFormulas() {
		assertThat(ResultsCsv.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(ResultsCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(ResultsCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(ResultsCsv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
		assertThat(ResultsCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(ResultsCsv.cell("T-shirt/top")).isEqualTo("T-shirt/top");
		assertThat(ResultsCsv.cell(null)).isEmpty();
	}

}
