package io.deepdock.core.ml.artifacts;

import io.deepdock.core.ml.networks.Dl4jZip;
import io.deepdock.core.ml.networks.Networks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import tools.jackson.databind.json.JsonMapper;

import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.text.Vocabulary;
import io.deepdock.core.ml.training.TrainedModel;

/**
 * Writes and reads model artifacts: DL4J's {@link ModelSerializer} zip (configuration,
 * weights, the normaliser; no updater state, serving does not need it) plus
 * {@code deepdock-metadata.json}. Streams in and out, so any storage can hold them; the
 * SHA-256 of the bytes is returned on write and verified on read.
 */
public final class ModelArtifacts {

	static {
		OneDnn.enable();
	}

	/** Current artifact format. */
	public static final int FORMAT = 1;

	/** Largest artifact read; bounds memory when a wrong file is pointed at. */
	public static final long MAX_BYTES = 256L * 1024 * 1024;

	/**
	 * Image preprocessing: 28x28 grey, ink bright on dark, pixels 0..255 scaled to 0..1
	 * by the normaliser.
	 */
	public static final String IMAGE_PREPROCESSING = "grey-28x28-ink-high-scaled-0-1";

	/**
	 * Text preprocessing: {@code Tokenizer} terms, log(1 + count) per vocabulary term.
	 */
	public static final String TEXT_PREPROCESSING = "lowercase-words-bigrams-log1p-counts";

	static final String METADATA_ENTRY = "deepdock-metadata.json";

	private static final long ENTRY_TIME = 1_700_000_000_000L;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ModelArtifacts() {
	}

	/** The metadata a trained model gets, with its lineage. */
	public static ArtifactMetadata metadata(TrainedModel model, String datasetId, String parentVersion) {
		Task task = model.task();
		List<Integer> shape = task.kind() == Task.Kind.IMAGE ? List.of(1, task.rows(), task.cols())
				: List.of(model.vocabulary().size());
		ArtifactMetadata.TextFeatures text = model.vocabulary() == null ? null
				: new ArtifactMetadata.TextFeatures(model.vocabulary().maxNgram(), model.vocabulary().terms());
		return new ArtifactMetadata(FORMAT, task.id(), task.labels(), shape,
				task.kind() == Task.Kind.IMAGE ? IMAGE_PREPROCESSING : TEXT_PREPROCESSING, text, model.parameters(),
				datasetId, parentVersion, model.evaluation(), model.mirrorAveraged());
	}

	/**
	 * Writes an artifact. The stream is flushed, not closed.
	 * @return the SHA-256 of the bytes written, lower-case hex
	 */
	public static String write(MultiLayerNetwork network, DataNormalization normalizer, ArtifactMetadata metadata,
			OutputStream out) throws IOException {
		byte[] dl4j = Dl4jZip.bytes(network, false, normalizer);
		DigestOutputStream digest = new DigestOutputStream(out, sha256());
		ZipOutputStream zip = new ZipOutputStream(digest);
		zip.putNextEntry(entry(METADATA_ENTRY));
		zip.write(JSON.writeValueAsBytes(metadata));
		zip.closeEntry();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j))) {
			ZipEntry source;
			while ((source = in.getNextEntry()) != null) {
				zip.putNextEntry(entry(source.getName()));
				in.transferTo(zip);
				zip.closeEntry();
			}
		}
		zip.finish();
		zip.flush();
		return HexFormat.of().formatHex(digest.getMessageDigest().digest());
	}

	/** Writes a trained model with its metadata. */
	public static String write(TrainedModel model, String datasetId, String parentVersion, OutputStream out)
			throws IOException {
		return write(model.network(), model.normalizer(), metadata(model, datasetId, parentVersion), out);
	}

	/**
	 * Reads and verifies an artifact: checksum first, then the parts. Never returns a
	 * model that failed a check.
	 * @param expectedSha256 the checksum recorded when it was written (hex, any case)
	 * @param expectedTask the task it must be for
	 * @throws CorruptArtifactException when a check fails
	 */
	public static LoadedModel read(InputStream in, String expectedSha256, Task expectedTask) throws IOException {
		byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
		if (bytes.length > MAX_BYTES) {
			throw new CorruptArtifactException("artifact is larger than " + MAX_BYTES + " bytes");
		}
		String actual = HexFormat.of().formatHex(sha256().digest(bytes));
		if (expectedSha256 == null || !actual.equals(expectedSha256.toLowerCase(Locale.ROOT))) {
			throw new CorruptArtifactException(
					"artifact checksum mismatch: expected sha256 %s, got %s".formatted(expectedSha256, actual));
		}
		ArtifactMetadata metadata = null;
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				if (entry.getName().equals(METADATA_ENTRY)) {
					metadata = JSON.readValue(zip.readAllBytes(), ArtifactMetadata.class);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new CorruptArtifactException("artifact is not a readable zip: " + ex.getMessage(), ex);
		}
		if (metadata == null) {
			throw new CorruptArtifactException("artifact has no " + METADATA_ENTRY);
		}
		if (metadata.format() != FORMAT) {
			throw new CorruptArtifactException(
					"artifact format %d is not supported (expected %d)".formatted(metadata.format(), FORMAT));
		}
		if (!expectedTask.id().equals(metadata.task()) || !expectedTask.labels().equals(metadata.labels())) {
			throw new CorruptArtifactException("artifact is for task '%s' with labels %s, expected '%s'"
				.formatted(metadata.task(), metadata.labels(), expectedTask.id()));
		}
		Pair<MultiLayerNetwork, Normalizer> restored;
		try {
			restored = ModelSerializer.restoreMultiLayerNetworkAndNormalizer(new ByteArrayInputStream(bytes), false);
		}
		catch (IOException | RuntimeException ex) {
			throw new CorruptArtifactException("artifact's network cannot be restored: " + ex.getMessage(), ex);
		}
		MultiLayerNetwork network = restored.getFirst();
		Networks.prepare(network);
		Vocabulary vocabulary = null;
		try {
			int outputs = network.layerSize(network.getnLayers() - 1);
			if (outputs != expectedTask.labelCount()) {
				throw new CorruptArtifactException("artifact's network has %d outputs, task %s has %d labels"
					.formatted(outputs, expectedTask.id(), expectedTask.labelCount()));
			}
			if (expectedTask.kind() == Task.Kind.TEXT) {
				if (metadata.vocabulary() == null) {
					throw new CorruptArtifactException("text artifact has no vocabulary");
				}
				vocabulary = new Vocabulary(metadata.vocabulary().maxNgram(), metadata.vocabulary().terms());
				if (network.layerInputSize(0) != vocabulary.size()) {
					throw new CorruptArtifactException(
							"artifact's vocabulary (%d terms) does not fit its network (%d inputs)"
								.formatted(vocabulary.size(), network.layerInputSize(0)));
				}
			}
			else if (!(restored.getSecond() instanceof DataNormalization)) {
				throw new CorruptArtifactException("image artifact has no normaliser");
			}
		}
		catch (RuntimeException ex) {
			network.close();
			throw ex instanceof CorruptArtifactException ? ex
					: new CorruptArtifactException("artifact is inconsistent: " + ex.getMessage(), ex);
		}
		DataNormalization normalizer = restored.getSecond() instanceof DataNormalization n ? n : null;
		return new LoadedModel(expectedTask, metadata, network, normalizer, vocabulary, actual);
	}

	private static ZipEntry entry(String name) {
		ZipEntry entry = new ZipEntry(name);
		// fixed time: the same weights give the same bytes, hence the same checksum
		entry.setTime(ENTRY_TIME);
		return entry;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
