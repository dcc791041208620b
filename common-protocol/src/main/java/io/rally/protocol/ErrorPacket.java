package io.rally.protocol;

import java.nio.charset.StandardCharsets;

/**
 * What an error packet says: a code and a message. An error packet is a {@link Packet} with
 * extension code {@link Packet#EXT_ERROR}, on the route and seq of the request it answers, and
 * this payload, UTF-8 JSON of one flat object:
 *
 * <pre>
 * {"code":404,"message":"route not found"}
 * </pre>
 *
 * Gates and nodes write it with {@link #encode(int, String)}, clients read it with
 * {@link #parse(byte[])}; this is the only place that knows the format.
 *
 * <p>No JSON library is involved on either side: the object has two fixed members, and neither
 * this module nor the client SDK carries Jackson, which a client application may not want on
 * its class path. The encoder escapes what JSON requires in a string ({@code "}, {@code \},
 * control characters) and writes everything else as UTF-8, so messages in any language reach
 * the client unchanged. The parser accepts members in any order, skips members it does not
 * know and never throws: a payload it cannot read becomes {@link #UNKNOWN_CODE} with the
 * payload as the message.
 *
 * @param code the error code, for example {@link #ROUTE_NOT_FOUND}
 * @param message the text for the client, never {@code null} ({@code null} becomes empty)
 */
public record ErrorPacket(int code, String message) {

	/** The request was malformed, for example a payload the handler could not read. */
	public static final int BAD_REQUEST = 400;

	/** The route needs a logged-in user and the connection has none. */
	public static final int NOT_AUTHORIZED = 401;

	/** No node serves the route. */
	public static final int ROUTE_NOT_FOUND = 404;

	/** The handler failed with an exception that carries no code of its own. */
	public static final int HANDLER_ERROR = 500;

	/** No node could take the request now: none available, a node busy, or a gate shutting down. */
	public static final int UNAVAILABLE = 503;

	/** The code of a payload that could not be read as an error object, or that had no code. */
	public static final int UNKNOWN_CODE = -1;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	public ErrorPacket {
		message = (message != null) ? message : "";
	}

	/** The error packet answering the request on {@code route} and {@code seq}. */
	public static Packet of(int route, int seq, int code, String message) {
		return new ErrorPacket(code, message).toPacket(route, seq);
	}

	/** The payload of an error packet with {@code code} and {@code message} ({@code null} is empty). */
	public static byte[] encode(int code, String message) {
		return new ErrorPacket(code, message).payload();
	}

	/**
	 * Reads an error packet's payload. Never throws: what cannot be read as an error object
	 * becomes {@link #UNKNOWN_CODE} with the payload, decoded as UTF-8, as the message.
	 */
	public static ErrorPacket parse(byte[] payload) {
		return ErrorPacketReader.read(payload);
	}

	/** This error as an error packet's payload. */
	public byte[] payload() {
		StringBuilder json = new StringBuilder(32 + this.message.length());
		json.append("{\"code\":").append(this.code).append(",\"message\":\"");
		appendEscaped(json, this.message);
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

	/** This error as the packet answering the request on {@code route} and {@code seq}. */
	public Packet toPacket(int route, int seq) {
		return new Packet(route, seq, payload(), Packet.EXT_ERROR);
	}

	private static void appendEscaped(StringBuilder json, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						appendUnicodeEscape(json, c);
					}
					else if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						json.append(c).append(text.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						// UTF-8 cannot carry half a pair (it would become '?'); the escape can
						appendUnicodeEscape(json, c);
					}
					else {
						json.append(c);
					}
				}
			}
		}
	}

	private static void appendUnicodeEscape(StringBuilder json, char c) {
		json.append("\\u")
			.append(HEX[(c >> 12) & 0xf])
			.append(HEX[(c >> 8) & 0xf])
			.append(HEX[(c >> 4) & 0xf])
			.append(HEX[c & 0xf]);
	}

}
