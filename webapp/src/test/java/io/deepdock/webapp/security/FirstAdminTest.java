package io.deepdock.webapp.security;

import java.time.Duration;

import io.deepdock.core.users.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class FirstAdminTest {

	static SecurityProperties admin(String username, String password) {
		return new SecurityProperties(true, new SecurityProperties.Admin(username, password),
				new SecurityProperties.Throttle(5, 20, Duration.ofMinutes(15)), Duration.ofMinutes(5));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withoutAConfiguredPasswordNoAdminIsCreatedAndTheLogSaysSo(CapturedOutput output) {
		Users users = mock(Users.class);
		new FirstAdmin(admin("admin", null), users, new BCryptPasswordEncoder(4), null).run(null);
		new FirstAdmin(admin("admin", "  "), users, new BCryptPasswordEncoder(4), null).run(null);
		verifyNoInteractions(users);
		assertThat(output).contains("No admin configured (DEEPDOCK_ADMIN_PASSWORD or DEEPDOCK_ADMIN_PASSWORD_FILE")
			.contains("no admin account was created");
	}

	@Test
	void anInvalidAdminNameStopsTheStartWithAReadableMessage() {
		Users users = mock(Users.class);
		assertThatThrownBy(
				() -> new FirstAdmin(admin("a b", "long-enough-password"), users, new BCryptPasswordEncoder(4), null)
					.run(null))
			.hasMessageContaining("not a valid user name");
	}

}
