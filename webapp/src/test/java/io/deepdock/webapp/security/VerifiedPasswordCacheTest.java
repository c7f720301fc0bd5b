package io.deepdock.webapp.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedPasswordCacheTest {

	/** bcrypt, counting how often it really verifies. */
	static class CountingBcrypt implements PasswordEncoder {

		final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

		final AtomicInteger verifications = new AtomicInteger();

		@Override
		public String encode(CharSequence rawPassword) {
			return this.bcrypt.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			this.verifications.incrementAndGet();
			return this.bcrypt.matches(rawPassword, encodedPassword);
		}

	}

	@Test
	void aVerifiedPasswordIsNotVerifiedAgainWithinTheTtl() {
		CountingBcrypt bcrypt = new CountingBcrypt();
		VerifiedPasswordCache cache = new VerifiedPasswordCache(bcrypt, Duration.ofMinutes(5));
		String hash = cache.encode("correct horse");
		assertThat(hash).startsWith("$2a$");
		assertThat(cache.matches("correct horse", hash)).isTrue();
		assertThat(cache.matches("correct horse", hash)).isTrue();
		assertThat(bcrypt.verifications).hasValue(1);
	}

	@Test
	void wrongPasswordsAreNeverRememberedAndAlwaysVerified() {
		CountingBcrypt bcrypt = new CountingBcrypt();
		VerifiedPasswordCache cache = new VerifiedPasswordCache(bcrypt, Duration.ofMinutes(5));
		String hash = cache.encode("correct horse");
		assertThat(cache.matches("wrong", hash)).isFalse();
		assertThat(cache.matches("wrong", hash)).isFalse();
		assertThat(bcrypt.verifications).hasValue(2);
	}

	@Test
	void aChangedPasswordHashDoesNotMatchTheOldPassword() {
		VerifiedPasswordCache cache = new VerifiedPasswordCache(new CountingBcrypt(), Duration.ofMinutes(5));
		String old = cache.encode("old password");
		assertThat(cache.matches("old password", old)).isTrue();
		String changed = cache.encode("new password");
		assertThat(cache.matches("old password", changed)).isFalse();
		assertThat(cache.matches("new password", changed)).isTrue();
	}

}
