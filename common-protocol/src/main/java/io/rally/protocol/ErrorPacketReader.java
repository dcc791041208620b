package io.rally.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads the payload of an error packet, {@code {"code":<int>,"message":"<text>"}}: a small
 * scanner of one flat JSON object that takes members in any order and skips the ones it does
 * not know (strings, numbers, literals, nested objects and arrays). A null message is empty.
 * Anything else (not an object, a code that is not an int, a message that is not a string, text
 * that ends early) makes the whole payload the message, with {@link ErrorPacket#UNKNOWN_CODE}.
 * Not thread-safe; one instance reads one payload.
 */
final class ErrorPacketReader {

	private final String text;

	private int pos;

	private ErrorPacketReader(String text) {
		this.text = text;
	}

	static ErrorPacket read(byte[] payload) {
		String text = new String(payload, StandardCharsets.UTF_8);
		try {
			return new ErrorPacketReader(text).object();
		}
		catch (Malformed ex) {
			return new ErrorPacket(ErrorPacket.UNKNOWN_CODE, text);
		}
	}

	private ErrorPacket object() {
		int code = ErrorPacket.UNKNOWN_CODE;
		String message = "";
		expect('{');
		if (peek() != '}') {
			do {
				String name = string();
				expect(':');
				switch (name) {
					case "code" -> code = integer();
					case "message" -> message = (peek() == 'n') ? literal("null") : string();
					default -> skipValue();
				}
			}
			while (tryConsume(','));
		}
		expect('}');
		return new ErrorPacket(code, message);
	}

	/** The next character that is not whitespace, not consumed. */
	private char peek() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
		if (this.pos >= this.text.length()) {
			throw new Malformed();
		}
		return this.text.charAt(this.pos);
	}

	private char next() {
		if (this.pos >= this.text.length()) {
			throw new Malformed();
		}
		return this.text.charAt(this.pos++);
	}

	private void expect(char c) {
		if (peek() != c) {
			throw new Malformed();
		}
		this.pos++;
	}

	private boolean tryConsume(char c) {
		if (peek() == c) {
			this.pos++;
			return true;
		}
		return false;
	}

	private int integer() {
		try {
			return Integer.parseInt(number());
		}
		catch (NumberFormatException ex) {
			throw new Malformed();
		}
	}

	private String number() {
		peek();
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		return this.text.substring(start, this.pos);
	}

	/** Consumes {@code literal}; returns the empty string (what a null message becomes). */
	private String literal(String literal) {
		peek();
		if (!this.text.startsWith(literal, this.pos)) {
			throw new Malformed();
		}
		this.pos += literal.length();
		return "";
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '"') {
				return out.toString();
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case 'n' -> out.append('\n');
				case 't' -> out.append('\t');
				case 'r' -> out.append('\r');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				// one UTF-16 unit: a pair written as two escapes joins up again in the builder
				case 'u' -> out.append(hex4());
				default -> out.append(escaped);
			}
		}
	}

	private char hex4() {
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(next(), 16);
			if (digit < 0) {
				throw new Malformed();
			}
			value = (value << 4) | digit;
		}
		return (char) value;
	}

	private void skipValue() {
		switch (peek()) {
			case '"' -> string();
			case '{', '[' -> skipNested();
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> {
				if (number().isEmpty()) {
					throw new Malformed();
				}
			}
		}
	}

	// Counts brackets instead of recursing, so deep nesting cannot overflow the stack.
	private void skipNested() {
		int depth = 0;
		do {
			char c = peek();
			if (c == '"') {
				string();
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				depth--;
			}
			this.pos++;
		}
		while (depth > 0);
	}

	/** The payload is not an error object; cheap, as garbage may arrive often. */
	private static final class Malformed extends RuntimeException {

		Malformed() {
			super(null, null, false, false);
		}

	}

}
