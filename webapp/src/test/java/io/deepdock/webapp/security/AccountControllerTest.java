package io.deepdock.webapp.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.deepdock.core.users.Role;
import io.deepdock.webapp.problems.ProblemException;
import org.springframework.http.HttpStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountControllerTest {

	@Test
	void closedRegistrationIsRefusedBeforeAnyAccountIsMade() {
		SecurityProperties closed = new SecurityProperties(false, new SecurityProperties.Admin("admin", null),
				new SecurityProperties.Throttle(5, 20, Duration.ofMinutes(15)), Duration.ofMinutes(5));
		AccountController controller = new AccountController(null, closed, null, null);
		assertThatThrownBy(() -> controller
			.register(new AccountController.RegisterRequest("mallory", "a-long-enough-password"), null))
			.isInstanceOfSatisfying(ProblemException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.FORBIDDEN))
			.hasMessageContaining("does not take new accounts");
	}

	static final DeepdockUser USER = new DeepdockUser(1, "alice", null, Role.USER, true);

	static final DeepdockUser ADMIN = new DeepdockUser(2, "admin", null, Role.ADMIN, true);

	@Test
	void aTokenWithoutNamedScopesMayReadAndPredict() {
		assertThat(AccountController.scopes(null, USER)).containsExactlyInAnyOrder(TokenScope.READ, TokenScope.PREDICT);
	}

	@Test
	void unknownEmptyOrNullScopesAreA400() {
		for (List<String> names : List.of(List.of("write"), List.<String>of(), Arrays.asList("read", null),
				List.of("READ"))) {
			assertThatThrownBy(() -> AccountController.scopes(names, USER)).as(String.valueOf(names))
				.isInstanceOfSatisfying(ProblemException.class, (ex) -> {
					assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
					assertThat(ex.type()).isEqualTo("unknown-scope");
				});
		}
	}

	@Test
	void onlyAnAdminsTokenGetsTheAdminScope() {
		assertThatThrownBy(() -> AccountController.scopes(List.of("read", "admin"), USER))
			.isInstanceOfSatisfying(ProblemException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST))
			.hasMessageContaining("only for an admin");
		assertThat(AccountController.scopes(List.of("admin", "read", "read"), ADMIN))
			.containsExactlyInAnyOrder(TokenScope.ADMIN, TokenScope.READ);
	}

}
