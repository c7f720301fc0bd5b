package io.deepdock.webapp.security;

import java.util.Optional;

import io.deepdock.core.users.AppUser;
import io.deepdock.core.users.Users;
import io.deepdock.core.users.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first admin comes from configuration ({@code deepdock.security.admin.*}, i.e.
 * {@code DEEPDOCK_ADMIN_USERNAME} and {@code DEEPDOCK_ADMIN_PASSWORD} or
 * {@code DEEPDOCK_ADMIN_PASSWORD_FILE}), never from a default: with no password
 * configured no admin is created, and the log says so. An existing account of that name
 * is made an ADMIN with the configured password, so rotating the secret and restarting
 * resets it. Every replica runs this at start; the unique index settles a race.
 */
@Component
class FirstAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

	private final SecurityProperties properties;

	private final Users users;

	private final PasswordEncoder encoder;

	private final TransactionTemplate transactions;

	FirstAdmin(SecurityProperties properties, Users users, PasswordEncoder encoder, TransactionTemplate transactions) {
		this.properties = properties;
		this.users = users;
		this.encoder = encoder;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		SecurityProperties.Admin admin = this.properties.admin();
		if (!admin.configured()) {
			log.warn("No admin configured (DEEPDOCK_ADMIN_PASSWORD or DEEPDOCK_ADMIN_PASSWORD_FILE is not set): "
					+ "no admin account was created or changed");
			return;
		}
		if (!Accounts.USERNAME.matcher(admin.username()).matches()) {
			throw new IllegalStateException("deepdock.security.admin.username '" + admin.username()
					+ "' is not a valid user name (3-64 letters, digits, '.', '_' or '-')");
		}
		if (Utf8Bytes.Validator.length(admin.password()) > Accounts.MAX_PASSWORD_BYTES) {
			throw new IllegalStateException("deepdock.security.admin.password is "
					+ Utf8Bytes.Validator.length(admin.password()) + " bytes long in UTF-8; bcrypt takes at most "
					+ Accounts.MAX_PASSWORD_BYTES + " (72 ASCII characters, fewer accented or non-Latin ones)");
		}
		try {
			ensure(admin);
		}
		catch (DataIntegrityViolationException ex) {
			// another replica created it at the same moment: make sure it is right
			ensure(admin);
		}
	}

	private void ensure(SecurityProperties.Admin admin) {
		String outcome = this.transactions.execute((status) -> {
			Optional<AppUser> existing = this.users.findByUsername(admin.username());
			if (existing.isEmpty()) {
				this.users.add(new AppUser(admin.username(), this.encoder.encode(admin.password()), Role.ADMIN));
				return "created";
			}
			AppUser user = existing.get();
			boolean changed = false;
			if (user.getRole() != Role.ADMIN) {
				user.changeRole(Role.ADMIN);
				changed = true;
			}
			if (!this.encoder.matches(admin.password(), user.getPasswordHash())) {
				user.changePasswordHash(this.encoder.encode(admin.password()));
				changed = true;
			}
			return changed ? "updated to the configured password and role" : "present";
		});
		log.info("Admin account '{}' {}", admin.username(), outcome);
	}

}
