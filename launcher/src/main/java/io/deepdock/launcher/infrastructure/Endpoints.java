package io.deepdock.launcher.infrastructure;

/**
 * How services reach the database and the broker.
 *
 * @param external whether they were named by the environment rather than started here
 */
public record Endpoints(String jdbcUrl, String user, String password, String amqpUri, boolean external) {

	/** The AMQP address without credentials, for logs and the state file. */
	public String amqpAddress() {
		return this.amqpUri.replaceFirst("//[^@/]*@", "//");
	}

	/** The JDBC URL without a password parameter, for logs and the state file. */
	public String jdbcAddress() {
		return this.jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
	}

}
