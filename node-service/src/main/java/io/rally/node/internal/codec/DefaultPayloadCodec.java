package io.rally.node.internal.codec;

import tools.jackson.databind.json.JsonMapper;

import io.rally.node.api.PayloadCodec;

import org.springframework.util.ClassUtils;

/**
 * The default {@link PayloadCodec}: {@code byte[]} as is, protobuf messages as protobuf (if
 * protobuf-java is on the classpath) and anything else as JSON.
 */
public final class DefaultPayloadCodec implements PayloadCodec {

	private static final boolean PROTOBUF_PRESENT = ClassUtils.isPresent("com.google.protobuf.Message",
			DefaultPayloadCodec.class.getClassLoader());

	private final JsonMapper jsonMapper;

	private final ProtobufCodec protobuf;

	public DefaultPayloadCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.protobuf = PROTOBUF_PRESENT ? new ProtobufCodec() : null;
	}

	@Override
	public byte[] encode(Object message) {
		if (message instanceof byte[] bytes) {
			return bytes;
		}
		if (this.protobuf != null && this.protobuf.supports(message.getClass())) {
			return this.protobuf.encode(message);
		}
		return this.jsonMapper.writeValueAsBytes(message);
	}

	@Override
	public <T> T decode(byte[] payload, Class<T> type) {
		if (type == byte[].class) {
			return type.cast(payload);
		}
		if (this.protobuf != null && this.protobuf.supports(type)) {
			return this.protobuf.decode(payload, type);
		}
		return this.jsonMapper.readValue(payload, type);
	}

}
