package io.deepdock.core.models;

import java.nio.file.Path;

import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema itself keeps the serving invariant: one ACTIVE version per task. */
@SpringBootTest
@WithInfrastructure
class ModelVersionSchemaIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	ModelVersionRepository versions;

	@Test
	void refusesASecondActiveVersionOfTheSameTask() {
		String task = "schema-test-" + System.nanoTime();
		ModelVersion first = new ModelVersion(task, 1, null, null, "{}");
		first.setStatus(ModelStatus.ACTIVE);
		this.versions.saveAndFlush(first);
		ModelVersion second = new ModelVersion(task, 2, null, first.getId(), "{\"epochs\":3}");
		second.setStatus(ModelStatus.ACTIVE);
		assertThatThrownBy(() -> this.versions.saveAndFlush(second))
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThat(this.versions.maxVersion(task)).isEqualTo(1);
		assertThat(this.versions.findByTaskAndStatus(task, ModelStatus.ACTIVE)).isPresent();
	}

}
