package io.deepdock.core.quotas;

import java.time.Duration;
import java.util.Map;

import io.deepdock.core.retention.RetentionProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaPropertiesTest {

	static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
	}

	@Test
	void defaultsAreSaneLimits() {
		QuotaProperties quotas = bind("deepdock.quotas", QuotaProperties.class, Map.of());
		assertThat(quotas.storagePerUser()).isEqualTo(DataSize.ofGigabytes(2));
		assertThat(quotas.activeJobsPerUser()).isEqualTo(5);
		assertThat(quotas.jobsPerDay()).isEqualTo(200);
		assertThat(quotas.adminsExempt()).isTrue();
		RetentionProperties retention = bind("deepdock.retention", RetentionProperties.class, Map.of());
		assertThat(retention.results()).isEqualTo(Duration.ofDays(30));
		assertThat(retention.failedUploads()).isEqualTo(Duration.ofDays(7));
	}

	@Test
	void refusesAnEmptyStorageQuotaAndANonPositiveRetention() {
		assertThatThrownBy(() -> new QuotaProperties(DataSize.ofBytes(0), 5, 200, true))
			.hasMessageContaining("storage-per-user");
		assertThatThrownBy(() -> new RetentionProperties(Duration.ZERO, Duration.ofDays(7), Duration.ofHours(1),
				Duration.ofDays(30)))
			.hasMessageContaining("positive");
	}

	@Test
	void sizesInProblemDetailsAreReadable() {
		assertThat(Quotas.human(512)).isEqualTo("512 bytes");
		assertThat(Quotas.human(4096)).isEqualTo("4.0 KB");
		assertThat(Quotas.human(3L << 20)).isEqualTo("3.0 MB");
		assertThat(Quotas.human(2L << 30)).isEqualTo("2.0 GB");
	}

}
