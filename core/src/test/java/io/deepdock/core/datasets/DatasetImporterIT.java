package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.ImageSet;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest
@WithInfrastructure
class DatasetImporterIT {

	@TempDir
	static Path media;

	@TempDir
	static Path mnist;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
		registry.add("deepdock.sources.mnist.dir", () -> mnist.toString());
		registry.add("deepdock.sources.mnist.expected-count", () -> "50");
		registry.add("deepdock.sources.fashion.dir", () -> mnist.resolve("no-fashion-here").toString());
	}

	@BeforeAll
	static void writeDigits() throws Exception {
		Path digits = Files.createDirectories(mnist.resolve("src/digits"));
		for (int d = 0; d < 10; d++) {
			StringJoiner values = new StringJoiner(",", "{\"data\":[", "]}");
			for (int i = 0; i < 5 * 784; i++) {
				values.add((i % 784 == d) ? "1" : "0");
			}
			Files.writeString(digits.resolve(d + ".json"), values.toString());
		}
	}

	@Autowired
	DatasetImporter importer;

	@Autowired
	DatasetRepository datasets;

	@Autowired
	MediaStorage storage;

	@Test
	void importWritesVerifiableSplitsAndRegistersANewVersion() throws Exception {
		List<String> steps = new ArrayList<>();
		Dataset first = this.importer.importBuiltin(BuiltinDataset.DIGITS, null, steps::add, (dataset) -> {
		});
		Dataset second = this.importer.importBuiltin(BuiltinDataset.DIGITS, null, steps::add, (dataset) -> {
		});
		assertThat(second.getVersion()).isEqualTo(first.getVersion() + 1);
		Dataset stored = this.datasets.findById(first.getId()).orElseThrow();
		assertThat(stored.getTask()).isEqualTo("digits");
		assertThat(stored.getOrigin()).isEqualTo(DatasetOrigin.BUILTIN);
		assertThat(stored.file("train").getExamples()).isEqualTo(40);
		assertThat(stored.file("test").getExamples()).isEqualTo(10);
		assertThat(stored.getClassCounts()).contains("\"test\"");
		for (DatasetFile file : stored.getFiles()) {
			assertThat(this.storage.sha256Of(file.getPath())).isEqualTo(file.getSha256());
			try (InputStream in = this.storage.open(file.getPath())) {
				ImageSet set = ImageSet.read(in);
				assertThat(set.count()).isEqualTo(file.getExamples());
			}
		}
		assertThat(steps).anyMatch((s) -> s.contains("validated 40 train and 10 test"));
	}

	@Test
	void whatIsToldOfTheNewDatasetRunsInTheTransactionThatRegistersItSoItsFailureRegistersNothing() {
		long before = this.datasets.count();
		List<Long> told = new ArrayList<>();
		assertThatThrownBy(() -> this.importer.importBuiltin(BuiltinDataset.DIGITS, null, (s) -> {
		}, (dataset) -> {
			// a job attaching the dataset to itself, as the worker's jobs do, and the
			// database failing right then
			told.add(dataset.getId());
			assertThat(this.datasets.findById(dataset.getId())).isPresent();
			throw new IllegalStateException("the job's row could not be updated");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(told).hasSize(1);
		assertThat(this.datasets.findById(told.get(0))).isEmpty();
		assertThat(this.datasets.count()).isEqualTo(before);
	}

	@Test
	void missingSourceRegistersNothing() {
		long before = this.datasets.count();
		assertThatThrownBy(() -> this.importer.importBuiltin(BuiltinDataset.FASHION, null, (s) -> {
		}, (dataset) -> {
		})).isInstanceOf(DatasetSourceException.class).hasMessageContaining("apt-get install dataset-fashion-mnist");
		assertThat(this.datasets.count()).isEqualTo(before);
	}

}
