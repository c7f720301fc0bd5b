package io.deepdock.core.ml.networks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

/**
 * {@link ModelSerializer}'s zip as bytes, written around two DL4J M2.1 bugs: its stream
 * variant closes the stream it was given, and writing a normaliser fails against the
 * commons-io the build pins (2.21: a closed {@code CloseShieldOutputStream} now throws on
 * flush). So the network goes through a temporary file and the normaliser is added as the
 * same {@code normalizer.bin} entry ModelSerializer would write, with DL4J's own
 * {@link NormalizerSerializer}: {@code ModelSerializer.restore...AndNormalizer} reads the
 * result unchanged.
 */
public final class Dl4jZip {

	/** ModelSerializer's entry name for the normaliser. */
	public static final String NORMALIZER_ENTRY = "normalizer.bin";

	private Dl4jZip() {
	}

	public static byte[] bytes(MultiLayerNetwork network, boolean saveUpdater, DataNormalization normalizer)
			throws IOException {
		Path file = Files.createTempFile("deepdock-model-", ".zip");
		byte[] zip;
		try {
			ModelSerializer.writeModel(network, file.toFile(), saveUpdater);
			zip = Files.readAllBytes(file);
		}
		finally {
			Files.deleteIfExists(file);
		}
		if (normalizer == null) {
			return zip;
		}
		ByteArrayOutputStream normalizerBytes = new ByteArrayOutputStream();
		NormalizerSerializer.getDefault().write(normalizer, new NonClosing(normalizerBytes));
		ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 1024);
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
				ZipOutputStream zipOut = new ZipOutputStream(out)) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				zipOut.putNextEntry(new ZipEntry(entry.getName()));
				in.transferTo(zipOut);
				zipOut.closeEntry();
			}
			zipOut.putNextEntry(new ZipEntry(NORMALIZER_ENTRY));
			zipOut.write(normalizerBytes.toByteArray());
			zipOut.closeEntry();
		}
		return out.toByteArray();
	}

	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(OutputStream out) {
			super(out);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
