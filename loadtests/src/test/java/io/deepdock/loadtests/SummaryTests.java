package io.deepdock.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummaryTests {

	@TempDir
	Path dir;

	/** The shape JMeter 5.6.3's report generator writes (pct1/2/3 = 90th/95th/99th). */
	static final String STATISTICS = """
			{
			  "predict digits" : {"transaction":"predict digits","sampleCount":900,"errorCount":9,"errorPct":1.0,
			    "meanResTime":12.0,"medianResTime":10.0,"minResTime":2.0,"maxResTime":80.0,"pct1ResTime":20.0,
			    "pct2ResTime":30.0,"pct3ResTime":70.0,"throughput":90.0,"receivedKBytesPerSec":1.0,"sentKBytesPerSec":2.0},
			  "Total" : {"transaction":"Total","sampleCount":1000,"errorCount":10,"errorPct":1.0,
			    "meanResTime":13.0,"medianResTime":11.0,"minResTime":2.0,"maxResTime":90.0,"pct1ResTime":21.0,
			    "pct2ResTime":31.0,"pct3ResTime":71.0,"throughput":100.0,"receivedKBytesPerSec":1.0,"sentKBytesPerSec":2.0}
			}
			""";

	@Test
	void readsThroughputMedianP95AndP99FromTheReportsStatistics() throws Exception {
		Files.writeString(this.dir.resolve("statistics.json"), STATISTICS);
		Summary summary = Summary.read("predict-image", this.dir);
		assertThat(summary.samples()).isEqualTo(1000);
		assertThat(summary.errors()).isEqualTo(10);
		assertThat(summary.errorPercent()).isEqualTo(1.0);
		assertThat(summary.throughput()).isEqualTo(100.0);
		assertThat(summary.p50()).isEqualTo(11.0);
		assertThat(summary.p95()).isEqualTo(31.0);
		assertThat(summary.p99()).isEqualTo(71.0);
		assertThat(summary.byLabel()).containsOnlyKeys("predict digits");
		assertThat(summary.byLabel().get("predict digits").p99()).isEqualTo(70.0);
	}

	@Test
	void writesASummaryThatReadsBackTheSame() throws Exception {
		Files.writeString(this.dir.resolve("statistics.json"), STATISTICS);
		Summary summary = Summary.read("predict-image", this.dir);
		Path file = summary.write(this.dir.resolve("out/predict-image-summary.json"));
		assertThat(Files.readString(file)).contains("\"throughput\"", "\"p99\"", "\"errors\"");
		assertThat(Summary.load(file)).isEqualTo(summary);
	}

	@Test
	void aReportWithoutStatisticsIsAClearError() {
		assertThatThrownBy(() -> Summary.read("browse", this.dir)).hasMessageContaining("statistics.json is missing");
	}

}
