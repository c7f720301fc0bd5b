package io.deepdock.core.contracts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetImportRequestTest {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheUploadPayloadThatTheControllersWroteAsAMap() {
		// a job queued before the record existed must still run after an upgrade
		DatasetImportRequest request = this.json.readValue("""
				{"upload":"uploads/datasets/2026/12/a.zip","sha256":"ab12","task":"digits","name":"mine",
				 "fileName":"digits.zip","images":120}""", DatasetImportRequest.class);
		assertThat(request.importsUpload()).isTrue();
		assertThat(request).isEqualTo(DatasetImportRequest.ofUpload("uploads/datasets/2026/12/a.zip", "ab12", "digits",
				"mine", "digits.zip", 120));
	}

	@Test
	void readsTheBuiltinPayloadThatTheControllerWroteAsAMap() {
		DatasetImportRequest request = this.json.readValue("{\"dataset\":\"fashion\"}", DatasetImportRequest.class);
		assertThat(request.importsUpload()).isFalse();
		assertThat(request.dataset()).isEqualTo("fashion");
	}

	@Test
	void writesOnlyTheFieldsItHasSoThePayloadKeepsItsShape() {
		assertThat(this.json.writeValueAsString(DatasetImportRequest.ofBuiltin("digits")))
			.isEqualTo("{\"dataset\":\"digits\"}");
		assertThat(this.json.readTree(this.json
			.writeValueAsString(DatasetImportRequest.ofUpload("u/a.csv", "ff", "toxicity", "t", "a.csv", null))))
			.isEqualTo(this.json.readTree("""
					{"upload":"u/a.csv","sha256":"ff","task":"toxicity","name":"t","fileName":"a.csv"}"""));
	}

	@Test
	void everyJobPayloadHasAVersionedTypeId() {
		// a payload read back by a worker of another build must say which shape it is
		for (Class<?> type : JobPayload.class.getPermittedSubclasses()) {
			assertThat(MessageCodec.typeId(type)).as(type.getSimpleName()).matches("job\\.[a-z-]+\\.v\\d+");
		}
	}

}
