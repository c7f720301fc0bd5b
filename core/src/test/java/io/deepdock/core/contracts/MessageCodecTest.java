package io.deepdock.core.contracts;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

	final MessageCodec codec = new MessageCodec(JsonMapper.builder().build());

	@Test
	void encodesWithAStableTypeIdNotAClassName() {
		Message message = this.codec.encode(new JobDispatched(42, "IMPORT_DATASET"));
		assertThat(message.getMessageProperties().getHeaders()).containsEntry(MessageCodec.TYPE_HEADER,
				"job.dispatched.v1");
		assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain("io.deepdock");
		assertThat(this.codec.decode(message, JobDispatched.class)).isEqualTo(new JobDispatched(42, "IMPORT_DATASET"));
	}

	@Test
	void refusesAnUnknownTypeId() {
		Message message = MessageBuilder.withBody("{}".getBytes(StandardCharsets.UTF_8))
			.setHeader(MessageCodec.TYPE_HEADER, "java.lang.Runtime")
			.build();
		assertThatThrownBy(() -> this.codec.decode(message)).isInstanceOf(MalformedMessageException.class)
			.hasMessageContaining("unknown message type");
	}

	@Test
	void refusesAMessageWithoutTypeId() {
		Message message = MessageBuilder.withBody("{\"jobId\":1}".getBytes(StandardCharsets.UTF_8)).build();
		assertThatThrownBy(() -> this.codec.decode(message)).isInstanceOf(MalformedMessageException.class);
	}

	@Test
	void refusesABodyThatIsNotJson() {
		Message message = this.codec.encode("job.dispatched.v1", "not json {");
		assertThatThrownBy(() -> this.codec.decode(message)).isInstanceOf(MalformedMessageException.class)
			.hasMessageContaining("malformed body");
	}

}
