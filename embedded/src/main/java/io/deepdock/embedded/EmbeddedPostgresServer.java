package io.deepdock.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server started from the binaries in a Maven artifact (zonky). Its
 * data directory survives a restart when one is given, so {@code ./deepdock up} keeps
 * users, jobs and models between runs.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	/** The database the platform uses inside the embedded server. */
	public static final String DATABASE = "deepdock";

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts a server.
	 * @param dataDirectory where the cluster lives; {@code null} for a throw-away one
	 * @param port the port, or 0 for a free one
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort((port > 0) ? port : FreePorts.find())
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("max_connections", "200")
			.setServerConfig("listen_addresses", "127.0.0.1");
		if (dataDirectory != null) {
			Files.createDirectories(dataDirectory);
			builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
		}
		EmbeddedPostgres postgres = builder.start();
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
		server.createDatabaseIfMissing();
		log.info("Embedded PostgreSQL listening on 127.0.0.1:{} (data {})", postgres.getPort(),
				(dataDirectory != null) ? dataDirectory : "temporary");
		return server;
	}

	private void createDatabaseIfMissing() throws IOException {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (!rs.next()) {
					statement.execute("CREATE DATABASE " + DATABASE);
				}
			}
		}
		catch (SQLException ex) {
			throw new IOException("could not create database " + DATABASE, ex);
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
	}

	public String user() {
		return "postgres";
	}

	public String password() {
		return "postgres";
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
