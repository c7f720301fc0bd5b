package io.deepdock.webapp.security;

import java.util.regex.Pattern;

import io.deepdock.core.users.AppUser;
import io.deepdock.core.users.Users;
import io.deepdock.core.users.Role;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts in {@code app_user}: looked up for every login, created by registration. */
@Service
class Accounts implements UserDetailsService {

	static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");

	static final int MIN_PASSWORD = 10;

	/**
	 * bcrypt reads no further, and refuses to hash a longer password: bytes, not
	 * characters.
	 */
	static final int MAX_PASSWORD_BYTES = 72;

	/** The name is taken (by any case). */
	static class UsernameTakenException extends RuntimeException {

		UsernameTakenException(String username) {
			super("The user name '" + username + "' is taken.");
		}

	}

	private final Users users;

	private final PasswordEncoder encoder;

	Accounts(Users users, PasswordEncoder encoder) {
		this.users = users;
		this.encoder = encoder;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		if (username.indexOf('\0') >= 0) {
			// no account has one, and PostgreSQL would refuse the query (HTTP Basic
			// credentials are decoded from base64, past the firewall)
			throw new UsernameNotFoundException("no such user");
		}
		return this.users.findByUsername(username)
			.map(DeepdockUser::new)
			.orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

	@Transactional
	DeepdockUser register(String username, String password, Role role) {
		if (this.users.findByUsername(username).isPresent()) {
			throw new UsernameTakenException(username);
		}
		try {
			AppUser user = this.users.add(new AppUser(username, this.encoder.encode(password), role));
			return new DeepdockUser(user);
		}
		catch (DataIntegrityViolationException ex) {
			// a concurrent registration of the same name won the unique index
			throw new UsernameTakenException(username);
		}
	}

}
