package io.deepdock.webapp.problems;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every string read from a JSON body is one PostgreSQL can store: a NUL character
 * (U+0000) is refused while the body is read, as a 400 problem naming the field
 * ({@link ApiExceptionHandler}), instead of failing in the database as a 500. Registered
 * with the application's {@code JsonMapper} (Spring Boot adds every {@link JacksonModule}
 * bean), so it covers every request body, present and future; query and form parameters
 * are checked by the security firewall ({@code security.RequestFirewall}).
 */
@Configuration(proxyBeanMethods = false)
class JsonTextRules {

	@Bean
	JacksonModule storableStrings() {
		return new SimpleModule("deepdock-storable-strings").addDeserializer(String.class, new StorableString());
	}

	/** Jackson's own string reading, then the check. */
	static final class StorableString extends StringDeserializer {

		@Override
		public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
			String value = super.deserialize(p, ctxt);
			if (value != null && value.indexOf('\0') >= 0) {
				throw new UnstorableTextException();
			}
			return value;
		}

	}

	/**
	 * A text with a NUL character; Jackson wraps it with the path of the field it was
	 * read for.
	 */
	static final class UnstorableTextException extends RuntimeException {

		UnstorableTextException() {
			super("a text holds a NUL character (\\u0000), which cannot be stored", null, false, false);
		}

	}

}
