package io.deepdock.webapp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.deepdock.core.users.Role;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Personal API tokens ({@code Authorization: Bearer ddt_...}): random, 256 bits, kept
 * only as their SHA-256 (a fast hash is enough for a random secret of that size, and it
 * makes each API call one indexed lookup instead of a bcrypt check). A token acts as its
 * user, with the user's role, until it is deleted.
 */
@Component
class ApiTokens {

	static final String PREFIX = "ddt_";

	/** A token as its owner lists it (never the secret). */
	record TokenView(long id, String name, Instant createdAt) {
	}

	/** A token just made: the only time its secret is shown. */
	record NewToken(long id, String name, String token, Instant createdAt) {
	}

	private final JdbcTemplate jdbc;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	NewToken create(long userId, String name) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = Instant.now();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement(
					"INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
					new String[] { "id" });
			statement.setLong(1, userId);
			statement.setString(2, name);
			statement.setString(3, sha256(token));
			statement.setTimestamp(4, Timestamp.from(now));
			return statement;
		}, keys);
		return new NewToken(keys.getKey().longValue(), name, token, now);
	}

	List<TokenView> list(long userId) {
		return this.jdbc.query("SELECT id, name, created_at FROM api_token WHERE user_id = ? ORDER BY id",
				(rs, row) -> new TokenView(rs.getLong("id"), rs.getString("name"),
						rs.getTimestamp("created_at").toInstant()),
				userId);
	}

	/** Deletes the token if it is {@code userId}'s; false otherwise. */
	boolean delete(long userId, long tokenId) {
		return this.jdbc.update("DELETE FROM api_token WHERE id = ? AND user_id = ?", tokenId, userId) == 1;
	}

	/** The enabled user a token belongs to. */
	Optional<DeepdockUser> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc
			.query("""
					SELECT u.id, u.username, u.password_hash, u.role, u.enabled
					FROM api_token t JOIN app_user u ON u.id = t.user_id
					WHERE t.token_hash = ? AND u.enabled
					""",
					(rs, row) -> new DeepdockUser(rs.getLong("id"), rs.getString("username"), null,
							Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")),
					sha256(token))
			.stream()
			.findFirst();
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
