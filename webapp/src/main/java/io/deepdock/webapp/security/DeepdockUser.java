package io.deepdock.webapp.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.deepdock.core.users.AppUser;
import io.deepdock.core.users.Role;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated caller, as controllers get it
 * ({@code @AuthenticationPrincipal DeepdockUser caller}): who it is and whether it may
 * see what others own.
 */
public final class DeepdockUser implements UserDetails, CredentialsContainer {

	private final long id;

	private final String username;

	private String passwordHash;

	private final Role role;

	private final boolean enabled;

	DeepdockUser(AppUser user) {
		this(user.getId(), user.getUsername(), user.getPasswordHash(), user.getRole(), user.isEnabled());
	}

	DeepdockUser(long id, String username, String passwordHash, Role role, boolean enabled) {
		this.id = id;
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role;
		this.enabled = enabled;
	}

	public long id() {
		return this.id;
	}

	public Role role() {
		return this.role;
	}

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	/**
	 * Whether this caller may see or touch something owned by {@code ownerId}: its owner
	 * and admins. Rows without an owner (scheduled retraining, the bootstrap) are the
	 * admins'.
	 */
	public boolean mayAccess(Long ownerId) {
		return isAdmin() || (ownerId != null && ownerId == this.id);
	}

	/**
	 * Whether this caller may read something owned by {@code ownerId} that may be
	 * {@code shared} with everyone (a built-in dataset).
	 */
	public boolean mayRead(Long ownerId, boolean shared) {
		return shared || mayAccess(ownerId);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name()));
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public boolean isEnabled() {
		return this.enabled;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DeepdockUser user && user.id == this.id;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.id);
	}

	@Override
	public String toString() {
		return this.username + " (" + this.role + ")";
	}

}
