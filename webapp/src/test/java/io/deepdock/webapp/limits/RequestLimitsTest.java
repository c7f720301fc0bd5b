package io.deepdock.webapp.limits;

import org.junit.jupiter.api.Test;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which limit each route gets, and the Jackson constraints built from the settings.
 */
class RequestLimitsTest {

	static final RequestLimits LIMITS = new RequestLimits(DataSize.ofKilobytes(128), DataSize.ofMegabytes(200),
			DataSize.ofMegabytes(11), new RequestLimits.Json(DataSize.ofMegabytes(4), 262_144, 100, 64, 1000));

	@Test
	void onlyTheThreeMultipartUploadRoutesGetMoreThanTheBodyLimit() {
		String multipart = "multipart/form-data; boundary=x";
		assertThat(LIMITS.limitFor("POST", "/api/v1/datasets", multipart)).isEqualTo(DataSize.ofMegabytes(200));
		assertThat(LIMITS.limitFor("POST", "/api/v1/jobs/batch", multipart)).isEqualTo(DataSize.ofMegabytes(200));
		assertThat(LIMITS.limitFor("POST", "/api/v1/predict/digits", multipart)).isEqualTo(DataSize.ofMegabytes(11));
		// the same routes with JSON, other methods, or near misses of the paths
		assertThat(LIMITS.limitFor("POST", "/api/v1/predict/digits", "application/json"))
			.isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/api/v1/datasets", "application/json"))
			.isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/api/v1/datasets", null)).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("PUT", "/api/v1/datasets", multipart)).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/api/v1/datasets/import", multipart)).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/api/v1/predict/digits/x", multipart)).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/api/v1/auth/register", multipart)).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(LIMITS.limitFor("POST", "/login", "application/x-www-form-urlencoded"))
			.isEqualTo(DataSize.ofKilobytes(128));
	}

	@Test
	void limitsOutOfOrderAreRefused() {
		assertThat(LIMITS.isOrdered()).isTrue();
		assertThat(new RequestLimits(DataSize.ofMegabytes(2), DataSize.ofMegabytes(1), DataSize.ofMegabytes(11),
				LIMITS.json())
			.isOrdered()).isFalse();
		assertThat(new RequestLimits(DataSize.ofBytes(100), DataSize.ofMegabytes(1), DataSize.ofMegabytes(11),
				LIMITS.json())
			.isOrdered()).isFalse();
	}

	@Test
	void jacksonRefusesWhatGoesOverEachConstraint() {
		JsonMapper json = JsonMapper.builder(
				JsonFactory.builder().streamReadConstraints(JsonLimitsConfiguration.constraints(LIMITS.json())).build())
			.build();

		assertThatThrownBy(() -> json.readTree("[" + "1".repeat(101) + "]"))
			.isInstanceOf(StreamConstraintsException.class);
		assertThatThrownBy(() -> json.readTree("[".repeat(65) + "]".repeat(65)))
			.isInstanceOf(StreamConstraintsException.class);
		assertThatThrownBy(() -> json.readTree("{\"" + "n".repeat(1001) + "\":1}"))
			.isInstanceOf(StreamConstraintsException.class);
		assertThatThrownBy(() -> json.readTree("\"" + "s".repeat(262_145) + "\""))
			.isInstanceOf(StreamConstraintsException.class);
		assertThatThrownBy(() -> json.readTree("[" + "0,".repeat(2_200_000) + "0]"))
			.isInstanceOf(StreamConstraintsException.class);
		// and what is under them still reads
		assertThat(json.readTree("[" + "1".repeat(100) + "]").get(0).isNumber()).isTrue();
		assertThat(json.readTree("[".repeat(64) + "]".repeat(64)).isArray()).isTrue();
	}

}
