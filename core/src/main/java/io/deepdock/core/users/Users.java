package io.deepdock.core.users;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The users feature's entry point: accounts by name, new accounts, and whether an account
 * is an admin. Its repository is package-private; the web (sign-in, registration, the
 * first admin) and the worker (whether a training's owner may have it promoted) come
 * through here.
 */
@Component
public class Users {

	private final AppUserRepository users;

	Users(AppUserRepository users) {
		this.users = users;
	}

	/** The account of this name, whatever its case. */
	public Optional<AppUser> findByUsername(String username) {
		return this.users.findByUsernameIgnoreCase(username);
	}

	/**
	 * Stores a new account now (flushed), so that the unique index on the name refuses a
	 * concurrent duplicate here, as a
	 * {@link org.springframework.dao.DataIntegrityViolationException}.
	 */
	public AppUser add(AppUser user) {
		return this.users.saveAndFlush(user);
	}

	/** Whether this account exists and is an admin. */
	public boolean isAdmin(long userId) {
		return this.users.findById(userId).filter((user) -> user.getRole() == Role.ADMIN).isPresent();
	}

}
