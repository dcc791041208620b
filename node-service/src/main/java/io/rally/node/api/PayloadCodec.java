package io.rally.node.api;

/**
 * Turns payload bytes into request objects and reply objects into bytes. Define a bean of this
 * type to replace the default, which passes {@code byte[]} through, uses protobuf for
 * {@code com.google.protobuf.Message} types (when protobuf-java is on the classpath) and JSON
 * for everything else. Thread-safe.
 */
public interface PayloadCodec {

	/** The payload for {@code message}, never {@code null}. */
	byte[] encode(Object message);

	/**
	 * The object in {@code payload}.
	 * @throws RuntimeException if the payload is not a valid {@code type}
	 */
	<T> T decode(byte[] payload, Class<T> type);

}
