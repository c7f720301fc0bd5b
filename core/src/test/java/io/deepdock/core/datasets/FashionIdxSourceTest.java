package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionIdxSourceTest {

	@TempDir
	Path dir;

	final FashionIdxSource source = new FashionIdxSource();

	void writeIdx(String prefix, int images, int labels, int labelValue) throws Exception {
		try (OutputStream file = Files.newOutputStream(this.dir.resolve(prefix + "-images-idx3-ubyte.gz"));
				DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file))) {
			out.writeInt(FashionIdxSource.IMAGES_MAGIC);
			out.writeInt(images);
			out.writeInt(28);
			out.writeInt(28);
			for (int i = 0; i < images; i++) {
				out.write(new byte[784]);
			}
		}
		try (OutputStream file = Files.newOutputStream(this.dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
				DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file))) {
			out.writeInt(FashionIdxSource.LABELS_MAGIC);
			out.writeInt(labels);
			for (int i = 0; i < labels; i++) {
				out.write((i == 0) ? labelValue : i % 10);
			}
		}
	}

	@Test
	void readsTheOfficialSplit() throws Exception {
		writeIdx("train", 30, 30, 3);
		writeIdx("t10k", 10, 10, 4);
		Splits splits = this.source.read(this.dir, 30, 10);
		assertThat(splits.train().count()).isEqualTo(30);
		assertThat(splits.test().count()).isEqualTo(10);
		assertThat(splits.train().label(0)).isEqualTo(3);
		assertThat(splits.description()).contains("30 train / 10 test");
	}

	@Test
	void aMissingSourceSaysHowToInstallIt() {
		assertThatThrownBy(() -> this.source.read(this.dir.resolve("absent"), 60000, 10000))
			.isInstanceOf(DatasetSourceException.class)
			.hasMessageContaining("apt-get install dataset-fashion-mnist");
	}

	@Test
	void aWrongCountFails() throws Exception {
		writeIdx("train", 30, 29, 3);
		writeIdx("t10k", 10, 10, 4);
		assertThatThrownBy(() -> this.source.read(this.dir, 30, 10)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("30 images and 29 labels, expected 30");
	}

	@Test
	void aLabelAboveNineIsCorrupt() throws Exception {
		writeIdx("train", 5, 5, 12);
		writeIdx("t10k", 5, 5, 1);
		assertThatThrownBy(() -> this.source.read(this.dir, 5, 5)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("label 12");
	}

	@Test
	void aFileThatIsNotGzipIsCorrupt() throws Exception {
		writeIdx("train", 5, 5, 1);
		writeIdx("t10k", 5, 5, 1);
		Files.writeString(this.dir.resolve("train-images-idx3-ubyte.gz"), "not gzip at all");
		assertThatThrownBy(() -> this.source.read(this.dir, 5, 5)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("not valid gzip");
	}

	@Test
	void aTruncatedFileIsCorrupt() throws Exception {
		writeIdx("train", 5, 5, 1);
		writeIdx("t10k", 5, 5, 1);
		byte[] whole = Files.readAllBytes(this.dir.resolve("t10k-images-idx3-ubyte.gz"));
		Path file = this.dir.resolve("t10k-images-idx3-ubyte.gz");
		try (OutputStream out = Files.newOutputStream(file);
				DataOutputStream data = new DataOutputStream(new GZIPOutputStream(out))) {
			data.writeInt(FashionIdxSource.IMAGES_MAGIC);
			data.writeInt(5);
			data.writeInt(28);
			data.writeInt(28);
			data.write(new byte[784 * 2]);
		}
		assertThat(whole).isNotEmpty();
		assertThatThrownBy(() -> this.source.read(this.dir, 5, 5)).isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("truncated");
	}

}
