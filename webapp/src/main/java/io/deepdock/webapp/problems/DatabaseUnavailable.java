package io.deepdock.webapp.problems;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means that PostgreSQL cannot be reached (stopped, restarting, cut
 * off), as opposed to a bad statement or a broken rule: such a request is answered 503
 * with {@code Retry-After} (a problem for the API, a page for people), never a 500 or a
 * hang. One classification for every layer that meets it (Hikari, the PostgreSQL driver,
 * Spring's translation, Hibernate, a transaction that cannot begin), because which one
 * wraps which depends on where the request was when the database went away.
 */
public final class DatabaseUnavailable {

	/** The problem's type, under {@code https://deepdock.io/problems/}. */
	public static final String TYPE = "database-unavailable";

	public static final String TITLE = "Database unavailable";

	public static final String DETAIL = "The database cannot be reached right now (it may be restarting): "
			+ "nothing was changed. Try again in a few seconds.";

	/** Seconds a client should wait before trying again. */
	public static final String RETRY_AFTER = "5";

	private DatabaseUnavailable() {
	}

	/** Whether {@code failure} or one of its causes says the database is unreachable. */
	public static boolean in(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
			if (cause instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException
																	// too
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException // Hikari's
																		// timeout
					|| cause instanceof SQLNonTransientConnectionException
					|| "org.hibernate.exception.JDBCConnectionException".equals(cause.getClass().getName())) {
				return true;
			}
			if (cause instanceof SQLException sql && unavailableState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception) and PostgreSQL's 57P01–57P03 (the server
	 * shuts down, crashed, or is starting).
	 */
	static boolean unavailableState(String state) {
		return state != null
				&& (state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state));
	}

}
