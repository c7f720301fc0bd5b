package io.deepdock.webapp.security;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8BytesTest {

	final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	Set<ConstraintViolation<AccountController.RegisterRequest>> violations(String password) {
		return this.validator.validate(new AccountController.RegisterRequest("someone", password));
	}

	@Test
	void countsAPasswordInTheBytesBcryptReadsNotInCharacters() {
		// 40 characters, 120 bytes: @Size(max = 72) let it through to the encoder
		assertThat(violations("\u20ac".repeat(40))).singleElement()
			.satisfies((v) -> assertThat(v.getPropertyPath().toString()).isEqualTo("password"))
			.satisfies((v) -> assertThat(v.getMessage()).contains("72 bytes"));
		assertThat(violations("\u20ac".repeat(24))).isEmpty();
		assertThat(violations("a".repeat(72))).isEmpty();
		assertThat(violations("a".repeat(73))).hasSize(1);
	}

	@Test
	void aPasswordThatPassesIsOneBcryptCanHash() {
		String longest = "\u20ac".repeat(24);
		assertThat(violations(longest)).isEmpty();
		String hash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(longest);
		assertThat(hash).startsWith("$2a$04$");
	}

}
