package io.deepdock.core.ml.artifacts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.SyntheticImages;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.NativePooling;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArtifactsTest {

	private static TrainedModel model;

	private static byte[] artifact;

	private static String sha256;

	@BeforeAll
	static void train() throws Exception {
		model = new Trainer().train(Task.DIGITS,
				TrainingData.images(SyntheticImages.of(200, 1), SyntheticImages.of(50, 2)),
				TrainingParameters.defaults(Task.DIGITS).withArchitecture("small").withEpochs(2));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		sha256 = ModelArtifacts.write(model, "dataset-7", "version-3", out);
		artifact = out.toByteArray();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void aConvolutionalNetworkIsReadWithItsPoolingOnLibnd4jsKernelAndAnswersAsItWasTrained() throws Exception {
		try (TrainedModel standard = new Trainer().train(Task.DIGITS,
				TrainingData.images(SyntheticImages.of(60, 1), SyntheticImages.of(20, 2)),
				TrainingParameters.defaults(Task.DIGITS).withEpochs(1))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String checksum = ModelArtifacts.write(standard, "dataset-7", null, out);
			org.nd4j.linalg.api.ndarray.INDArray input = org.nd4j.linalg.factory.Nd4j
				.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 784);

			try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(out.toByteArray()), checksum,
					Task.DIGITS)) {
				assertThat(loaded.network().getLayer(1)).isInstanceOf(NativePooling.class);
				assertThat(loaded.network().getLayer(4)).isInstanceOf(NativePooling.class);
				assertThat(loaded.network().output(input, false)).isEqualTo(standard.network().output(input, false));
			}
		}
	}

	@Test
	void readingAnArtifactPutsOpenBlasOnOneThread() throws Exception {
		Nd4j.factory().blas().setMaxThreads(2);
		try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(artifact), sha256, Task.DIGITS)) {
			assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
		}
	}

	@Test
	void returnsTheSha256OfTheBytesWritten() throws Exception {
		assertThat(sha256).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact)));
	}

	@Test
	void loadsAnArtifactThatPredictsAsTheTrainedModelDid() throws Exception {
		float[] image = new float[784];
		image[100] = 255;
		try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(artifact), sha256.toUpperCase(),
				Task.DIGITS); Predictor predictor = new Predictor(loaded)) {
			ArtifactMetadata metadata = loaded.metadata();
			assertThat(metadata.task()).isEqualTo("digits");
			assertThat(metadata.labels()).hasSize(10);
			assertThat(metadata.inputShape()).containsExactly(1, 28, 28);
			assertThat(metadata.datasetId()).isEqualTo("dataset-7");
			assertThat(metadata.parentVersion()).isEqualTo("version-3");
			assertThat(metadata.parameters()).isEqualTo(model.parameters());
			assertThat(metadata.evaluation().score()).isEqualTo(model.evaluation().score());
			assertThat(loaded.normalizer()).isNotNull();

			Classification prediction = predictor.predict(predictor.features(image));
			assertThat(prediction.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
				.isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
			float[] expected = model.network()
				.output(org.nd4j.linalg.factory.Nd4j.create(image, new long[] { 1, 784 }).div(255))
				.toFloatVector();
			List<Double> actual = List.copyOf(prediction.probabilities().values());
			for (int i = 0; i < 10; i++) {
				assertThat(actual.get(i)).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6));
			}
		}
	}

	@Test
	void writesTheSameBytesForTheSameModel() throws Exception {
		ByteArrayOutputStream again = new ByteArrayOutputStream();
		assertThat(ModelArtifacts.write(model, "dataset-7", "version-3", again)).isEqualTo(sha256);
	}

	@Test
	void refusesArtifactWithWrongChecksum() {
		assertThatThrownBy(
				() -> ModelArtifacts.read(new ByteArrayInputStream(artifact), "00" + sha256.substring(2), Task.DIGITS))
			.isInstanceOf(CorruptArtifactException.class)
			.hasMessageContaining("checksum mismatch");
	}

	@Test
	void refusesCorruptArtifactEvenWhenItsChecksumWasRecorded() throws Exception {
		byte[] corrupt = artifact.clone();
		for (int i = corrupt.length / 3; i < corrupt.length / 3 + 64; i++) {
			corrupt[i] ^= 0x5a;
		}
		String corruptSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(corrupt));

		assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(corrupt), corruptSha, Task.DIGITS))
			.isInstanceOf(CorruptArtifactException.class);
	}

	@Test
	void refusesTruncatedArtifact() throws Exception {
		byte[] truncated = java.util.Arrays.copyOf(artifact, artifact.length / 2);
		String truncatedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(truncated));

		assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(truncated), truncatedSha, Task.DIGITS))
			.isInstanceOf(CorruptArtifactException.class);
	}

	@Test
	void refusesArtifactOfAnotherTask() {
		assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(artifact), sha256, Task.FASHION))
			.isInstanceOf(CorruptArtifactException.class)
			.hasMessageContaining("artifact is for task 'digits'");
	}

	@Test
	void aLoadedConvolutionalModelRunsOnOneDnn() throws Exception {
		try (TrainedModel standard = new Trainer().train(Task.DIGITS,
				TrainingData.images(SyntheticImages.of(100, 3), SyntheticImages.of(20, 4)),
				TrainingParameters.defaults(Task.DIGITS).withEpochs(1).withBatchSize(50))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String sha = ModelArtifacts.write(standard, "dataset-7", null, out);
			try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(out.toByteArray()), sha,
					Task.DIGITS)) {
				assertThat(OneDnn.layersOnOneDnn(loaded.network())).isEqualTo(6);
			}
		}
	}

	@Test
	void readsAnArtifactWrittenBeforeMirrorAveragingAsAnsweringFromTheImageAlone() throws Exception {
		ByteArrayOutputStream older = new ByteArrayOutputStream();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(artifact));
				ZipOutputStream out = new ZipOutputStream(older)) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				byte[] bytes = in.readAllBytes();
				if (entry.getName().equals(ModelArtifacts.METADATA_ENTRY)) {
					ObjectNode metadata = (ObjectNode) JsonMapper.builder().build().readTree(bytes);
					assertThat(metadata.remove("mirrorAveraged")).isNotNull();
					bytes = metadata.toString().getBytes(StandardCharsets.UTF_8);
				}
				out.putNextEntry(new ZipEntry(entry.getName()));
				out.write(bytes);
				out.closeEntry();
			}
		}
		String olderSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(older.toByteArray()));

		try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(older.toByteArray()), olderSha,
				Task.DIGITS)) {
			assertThat(loaded.metadata().mirrorAveraged()).isNull();
			assertThat(loaded.metadata().averagesMirror()).isFalse();
		}
	}

	@Test
	void recordsWhetherTheModelAveragesMirrors() throws Exception {
		try (LoadedModel loaded = ModelArtifacts.read(new ByteArrayInputStream(artifact), sha256, Task.DIGITS)) {
			assertThat(loaded.metadata().mirrorAveraged()).isFalse();
		}
	}

}
