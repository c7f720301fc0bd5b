package io.deepdock.webapp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.deepdock.core.users.Role;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Personal API tokens ({@code Authorization: Bearer ddt_...}): random, 256 bits, kept
 * only as their SHA-256 (a fast hash is enough for a random secret of that size, and it
 * makes each API call one indexed lookup instead of a bcrypt check). A token acts as its
 * user, with the user's role but only within its scopes ({@link TokenScope}), until it is
 * deleted.
 */
@Component
class ApiTokens {

	static final String PREFIX = "ddt_";

	/** A token as its owner lists it (never the secret). */
	record TokenView(long id, String name, List<String> scopes, Instant createdAt) {
	}

	/** A token just made: the only time its secret is shown. */
	record NewToken(long id, String name, List<String> scopes, String token, Instant createdAt) {
	}

	/** A token's user and what the token may do. */
	record Holder(DeepdockUser user, Set<TokenScope> scopes) {
	}

	private final JdbcTemplate jdbc;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	NewToken create(long userId, String name, Set<TokenScope> scopes) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = Instant.now();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement(
					"INSERT INTO api_token (user_id, name, token_hash, created_at, scopes) VALUES (?, ?, ?, ?, ?)",
					new String[] { "id" });
			statement.setLong(1, userId);
			statement.setString(2, name);
			statement.setString(3, sha256(token));
			statement.setTimestamp(4, Timestamp.from(now));
			statement.setArray(5, connection.createArrayOf("text", names(scopes).toArray()));
			return statement;
		}, keys);
		return new NewToken(keys.getKey().longValue(), name, names(scopes), token, now);
	}

	List<TokenView> list(long userId) {
		return this.jdbc.query("SELECT id, name, scopes, created_at FROM api_token WHERE user_id = ? ORDER BY id",
				(rs, row) -> new TokenView(rs.getLong("id"), rs.getString("name"), names(scopes(rs)),
						rs.getTimestamp("created_at").toInstant()),
				userId);
	}

	/** Deletes the token if it is {@code userId}'s; false otherwise. */
	boolean delete(long userId, long tokenId) {
		return this.jdbc.update("DELETE FROM api_token WHERE id = ? AND user_id = ?", tokenId, userId) == 1;
	}

	/** The enabled user a token belongs to, and the token's scopes. */
	Optional<Holder> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc
			.query("""
					SELECT u.id, u.username, u.password_hash, u.role, u.enabled, t.scopes
					FROM api_token t JOIN app_user u ON u.id = t.user_id
					WHERE t.token_hash = ? AND u.enabled
					""",
					(rs, row) -> new Holder(new DeepdockUser(rs.getLong("id"), rs.getString("username"), null,
							Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")), scopes(rs)),
					sha256(token))
			.stream()
			.findFirst();
	}

	/**
	 * The scopes of a row; a name this version does not know (a newer one wrote it) is
	 * left out rather than guessed.
	 */
	private static Set<TokenScope> scopes(ResultSet rs) throws SQLException {
		Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
		for (String name : (String[]) rs.getArray("scopes").getArray()) {
			TokenScope.of(name).ifPresent(scopes::add);
		}
		return scopes;
	}

	/** Scope names in a stable order: read, predict, train, admin. */
	static List<String> names(Set<TokenScope> scopes) {
		return scopes.stream().sorted().map(TokenScope::value).toList();
	}

	static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
