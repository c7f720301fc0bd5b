package io.deepdock.webapp.limits;

import tools.jackson.core.StreamReadConstraints;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets Jackson's read limits ({@code deepdock.limits.json}) on the factory of Boot's
 * {@code JsonMapper}, which reads every JSON request body. The stream constraints belong
 * to the factory in Jackson 3, not to the mapper builder: hence a
 * {@link JsonFactoryBuilderCustomizer}. The body limit already stops a long document
 * before Jackson sees it; these stop what fits in a small body and still costs (a number
 * of thousands of digits, deep nesting) and hold for every other document too.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

	@Bean
	JsonFactoryBuilderCustomizer streamReadConstraints(RequestLimits limits) {
		StreamReadConstraints constraints = constraints(limits.json());
		return (builder) -> builder.streamReadConstraints(constraints);
	}

	static StreamReadConstraints constraints(RequestLimits.Json json) {
		return StreamReadConstraints.builder()
			.maxDocumentLength(json.maxDocumentLength().toBytes())
			.maxStringLength(json.maxStringLength())
			.maxNumberLength(json.maxNumberLength())
			.maxNestingDepth(json.maxNestingDepth())
			.maxNameLength(json.maxNameLength())
			.build();
	}

}
