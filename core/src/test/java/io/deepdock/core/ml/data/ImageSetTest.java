package io.deepdock.core.ml.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageSetTest {

	@Test
	void roundTripsThroughItsFileFormat() throws Exception {
		ImageSet set = new ImageSet(2, 2, 2, 3, new byte[] { 0, 2 }, new byte[] { 0, 1, 2, 3, (byte) 255, 5, 6, 7 });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		set.write(out);
		ImageSet read = ImageSet.read(new ByteArrayInputStream(out.toByteArray()));
		assertThat(read.count()).isEqualTo(2);
		assertThat(read.label(1)).isEqualTo(2);
		assertThat(read.pixel(1, 0)).isEqualTo(255);
		assertThat(read.classCounts()).containsExactly(1, 0, 1);
	}

	@Test
	void refusesATruncatedFile() throws Exception {
		ImageSet set = new ImageSet(2, 2, 2, 3, new byte[] { 0, 2 }, new byte[8]);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		set.write(out);
		byte[] truncated = Arrays.copyOf(out.toByteArray(), out.size() - 3);
		assertThatThrownBy(() -> ImageSet.read(new ByteArrayInputStream(truncated)))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("truncated");
	}

	@Test
	void refusesAHeaderThatAsksForAnAbsurdAllocation() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		java.io.DataOutputStream data = new java.io.DataOutputStream(out);
		data.writeInt(ImageSet.MAGIC);
		data.writeInt(Integer.MAX_VALUE);
		data.writeInt(28);
		data.writeInt(28);
		data.writeInt(10);
		assertThatThrownBy(() -> ImageSet.read(new ByteArrayInputStream(out.toByteArray())))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("corrupt");
	}

	@Test
	void refusesALabelOutsideItsClasses() throws Exception {
		ImageSet set = new ImageSet(1, 1, 1, 2, new byte[] { 1 }, new byte[1]);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		set.write(out);
		byte[] bytes = out.toByteArray();
		bytes[20] = 7; // the first label
		assertThatThrownBy(() -> ImageSet.read(new ByteArrayInputStream(bytes)))
			.isInstanceOf(DatasetFormatException.class)
			.hasMessageContaining("label 7");
	}

}
