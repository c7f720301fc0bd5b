package io.deepdock.webapp.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A text at most {@link #max()} bytes long in UTF-8: for limits its consumer counts in
 * bytes, as bcrypt does (72), where {@code @Size} would count characters and let 40 '€'
 * (120 bytes) through to fail in the encoder as a 500. Null is valid (use
 * {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = Utf8Bytes.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@interface Utf8Bytes {

	int max();

	String message() default "too long";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Counts the bytes without encoding the text. */
	class Validator implements ConstraintValidator<Utf8Bytes, CharSequence> {

		private int max;

		@Override
		public void initialize(Utf8Bytes annotation) {
			this.max = annotation.max();
		}

		@Override
		public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
			return value == null || length(value) <= this.max;
		}

		/**
		 * The text's length in UTF-8 bytes (a lone surrogate counts as the one '?' byte
		 * Java's encoder writes for it).
		 */
		static long length(CharSequence value) {
			return value.toString().getBytes(StandardCharsets.UTF_8).length;
		}

	}

}
