package io.deepdock.webapp.security;

import java.time.Duration;

import io.deepdock.webapp.problems.ForbiddenException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountControllerTest {

	@Test
	void closedRegistrationIsRefusedBeforeAnyAccountIsMade() {
		SecurityProperties closed = new SecurityProperties(false, new SecurityProperties.Admin("admin", null),
				new SecurityProperties.Throttle(5, 20, Duration.ofMinutes(15)), Duration.ofMinutes(5));
		AccountController controller = new AccountController(null, closed, null, null);
		assertThatThrownBy(() -> controller
			.register(new AccountController.RegisterRequest("mallory", "a-long-enough-password"), null))
			.isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("does not take new accounts");
	}

}
