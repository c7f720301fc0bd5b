package io.deepdock.loadtests;

import org.apache.jmeter.protocol.http.sampler.HTTPSamplerProxy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplersTests {

	@Test
	void aPageFetchesItsEmbeddedResourcesOnTheUsersOwnThreadNotInJMetersSharedPool() {
		LoadSettings settings = LoadSettings.fromSystemProperties();
		HTTPSamplerProxy page = ((Samplers.PageSampler) Samplers.page(settings, "predictions"))
			.configureHttpTestElement(new HTTPSamplerProxy());
		assertThat(page.isImageParser()).as("embedded resources fetched").isTrue();
		assertThat(page.isConcurrentDwn()).as("in JMeter's shared download pool").isFalse();
	}

}
