package io.rally.client.internal;

import java.nio.charset.StandardCharsets;

import io.rally.client.RallyErrorException;

/**
 * Reads the payload of an error packet, {@code {"code":<int>,"message":"<text>"}}, without a
 * JSON library: a small scanner of one flat object that skips members it does not know. A
 * payload it cannot read still becomes an exception, with {@link RallyErrorException#UNKNOWN_CODE}
 * and the payload as text.
 */
final class ErrorPayload {

	private final String text;

	private int pos;

	private ErrorPayload(String text) {
		this.text = text;
	}

	static RallyErrorException toException(byte[] payload) {
		String text = new String(payload, StandardCharsets.UTF_8);
		try {
			return new ErrorPayload(text).parse();
		}
		catch (IllegalStateException | IndexOutOfBoundsException | NumberFormatException ex) {
			return new RallyErrorException(RallyErrorException.UNKNOWN_CODE, text);
		}
	}

	private RallyErrorException parse() {
		int code = RallyErrorException.UNKNOWN_CODE;
		String message = "";
		expect('{');
		if (peek() != '}') {
			do {
				String name = string();
				expect(':');
				switch (name) {
					case "code" -> code = Integer.parseInt(number());
					case "message" -> message = (peek() == 'n') ? literal("null") : string();
					default -> skipValue();
				}
			}
			while (tryConsume(','));
		}
		expect('}');
		return new RallyErrorException(code, message);
	}

	private char peek() {
		skipWhitespace();
		return this.text.charAt(this.pos);
	}

	private void expect(char c) {
		if (peek() != c) {
			throw new IllegalStateException("expected '" + c + "' at " + this.pos);
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

	private String number() {
		skipWhitespace();
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		return this.text.substring(start, this.pos);
	}

	private String literal(String literal) {
		if (!this.text.startsWith(literal, this.pos)) {
			throw new IllegalStateException("expected " + literal + " at " + this.pos);
		}
		this.pos += literal.length();
		return "";
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = this.text.charAt(this.pos++);
			if (c == '"') {
				return out.toString();
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escaped = this.text.charAt(this.pos++);
			switch (escaped) {
				case 'n' -> out.append('\n');
				case 't' -> out.append('\t');
				case 'r' -> out.append('\r');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'u' -> {
					out.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
					this.pos += 4;
				}
				default -> out.append(escaped);
			}
		}
	}

	private void skipValue() {
		char c = peek();
		switch (c) {
			case '"' -> string();
			case '{', '[' -> skipNested();
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> number();
		}
	}

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

	private void skipWhitespace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

}
