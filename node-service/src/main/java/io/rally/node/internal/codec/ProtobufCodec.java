package io.rally.node.internal.codec;

import java.lang.reflect.Method;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * Protobuf support of {@link DefaultPayloadCodec}, in a class of its own so that it is loaded
 * only when protobuf-java is on the classpath. Parsers are looked up once per message type.
 */
final class ProtobufCodec {

	private final ClassValue<Parser<?>> parsers = new ClassValue<>() {

		@Override
		protected Parser<?> computeValue(Class<?> type) {
			try {
				Method defaultInstance = type.getMethod("getDefaultInstance");
				return ((Message) defaultInstance.invoke(null)).getParserForType();
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalArgumentException("Not a generated protobuf message type: " + type.getName(), ex);
			}
		}

	};

	boolean supports(Class<?> type) {
		return Message.class.isAssignableFrom(type);
	}

	byte[] encode(Object message) {
		return ((Message) message).toByteArray();
	}

	<T> T decode(byte[] payload, Class<T> type) {
		try {
			return type.cast(this.parsers.get(type).parseFrom(payload));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("Invalid " + type.getSimpleName() + " payload: " + ex.getMessage(), ex);
		}
	}

}
