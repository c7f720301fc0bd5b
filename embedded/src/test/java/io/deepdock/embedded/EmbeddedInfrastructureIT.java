package io.deepdock.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureIT {

	@Test
	void postgresKeepsDataAcrossRestartOfTheSameDirectory(@TempDir Path dir) throws Exception {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir, 0)) {
			assertThat(postgres.port()).isNotIn(5432);
			try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
					Statement s = c.createStatement()) {
				s.execute("CREATE TABLE kept (v text)");
				s.execute("INSERT INTO kept VALUES ('survives')");
			}
		}
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir, 0);
				Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo("survives");
		}
	}

	@Test
	void brokerRoutesThroughDirectExchangeWithManualAck() throws Exception {
		try (EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(null, 0)) {
			assertThat(broker.port()).isNotEqualTo(5672);
			ConnectionFactory factory = new ConnectionFactory();
			factory.setUri(broker.amqpUri());
			try (com.rabbitmq.client.Connection connection = factory.newConnection();
					Channel channel = connection.createChannel()) {
				channel.exchangeDeclare("ex", "direct", true);
				channel.queueDeclare("q", true, false, false, null);
				channel.queueBind("q", "ex", "key");
				channel.confirmSelect();
				channel.basicPublish("ex", "key", null, "hello".getBytes(StandardCharsets.UTF_8));
				channel.waitForConfirmsOrDie(5000);
				GetResponse first = channel.basicGet("q", false);
				assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
				channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
				GetResponse again = channel.basicGet("q", false);
				assertThat(again.getEnvelope().isRedeliver()).isTrue();
				channel.basicAck(again.getEnvelope().getDeliveryTag(), false);
				assertThat(channel.basicGet("q", false)).isNull();
			}
		}
	}

}
