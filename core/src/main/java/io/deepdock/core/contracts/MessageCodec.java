package io.deepdock.core.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

/**
 * Encodes message records as JSON with their stable {@link MessageType} id, and decodes
 * them back. Only registered records can be decoded, so a message can never name an
 * arbitrary class to instantiate.
 */
@Component
public class MessageCodec {

	public static final String TYPE_HEADER = "deepdock-type";

	private final JsonMapper json;

	private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

	public MessageCodec(JsonMapper json) {
		this.json = json;
		register(JobDispatched.class);
		register(JobStateChanged.class);
		register(JobProgressed.class);
		register(ModelPromoted.class);
	}

	/** Registers a message record; its class must carry {@link MessageType}. */
	public final void register(Class<?> type) {
		this.types.put(typeId(type), type);
	}

	public static String typeId(Class<?> type) {
		MessageType annotation = type.getAnnotation(MessageType.class);
		if (annotation == null) {
			throw new IllegalArgumentException(type.getName() + " has no @MessageType");
		}
		return annotation.value();
	}

	public String toJson(Object record) {
		return this.json.writeValueAsString(record);
	}

	public Message encode(Object record) {
		return encode(typeId(record.getClass()), toJson(record));
	}

	public Message encode(String typeId, String jsonBody) {
		return MessageBuilder.withBody(jsonBody.getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding("UTF-8")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setHeader(TYPE_HEADER, typeId)
			.build();
	}

	/**
	 * Decodes a message.
	 * @throws MalformedMessageException if the type id is missing or unknown, or the body
	 * does not fit
	 */
	public Object decode(Message message) {
		Object typeId = message.getMessageProperties().getHeaders().get(TYPE_HEADER);
		Class<?> type = (typeId != null) ? this.types.get(typeId.toString()) : null;
		if (type == null) {
			throw new MalformedMessageException("unknown message type " + typeId, null);
		}
		try {
			return this.json.readValue(message.getBody(), type);
		}
		catch (JacksonException ex) {
			throw new MalformedMessageException("message of type " + typeId + " has a malformed body", ex);
		}
	}

	public <T> T decode(Message message, Class<T> expected) {
		Object decoded = decode(message);
		if (!expected.isInstance(decoded)) {
			throw new MalformedMessageException(
					"expected " + typeId(expected) + " but got " + typeId(decoded.getClass()), null);
		}
		return expected.cast(decoded);
	}

}
