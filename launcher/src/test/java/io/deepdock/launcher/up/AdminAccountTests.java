package io.deepdock.launcher.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccountTests {

	@TempDir
	Path home;

	@Test
	void firstUpGeneratesAPrivatePasswordFileAndLaterUpsReuseIt() throws Exception {
		Path file = this.home.resolve("admin-password");
		AdminAccount first = AdminAccount.resolve(Map.of(), file);
		assertThat(first.username()).isEqualTo("admin");
		assertThat(first.password()).hasSize(24);
		assertThat(Files.readString(file).strip()).isEqualTo(first.password());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(first.environment()).containsEntry("DEEPDOCK_ADMIN_USERNAME", "admin")
			.containsEntry("DEEPDOCK_ADMIN_PASSWORD_FILE", file.toString());
		assertThat(AdminAccount.resolve(Map.of(), file).password()).isEqualTo(first.password());
	}

	@Test
	void generatedPasswordsDiffer() {
		assertThat(AdminAccount.generate(24)).isNotEqualTo(AdminAccount.generate(24));
	}

	@Test
	void anOperatorsOwnPasswordWinsAndNoFileIsWritten() {
		Path file = this.home.resolve("admin-password");
		AdminAccount account = AdminAccount.resolve(
				Map.of("DEEPDOCK_ADMIN_USERNAME", "root", "DEEPDOCK_ADMIN_PASSWORD_FILE", "/run/secrets/admin"), file);
		assertThat(account.username()).isEqualTo("root");
		assertThat(account.password()).isNull();
		assertThat(account.environment()).containsOnlyKeys("DEEPDOCK_ADMIN_USERNAME");
		assertThat(file).doesNotExist();
	}

}
