package io.rally.protocol;

/**
 * Input that breaks the wire protocol. The connection that sent it is closed; the
 * {@link Reason} names what was wrong so that it can be counted.
 */
public final class ProtocolException extends RuntimeException {

	private final Reason reason;

	public ProtocolException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** What was wrong with the input; the tag value of the decode-error metric. */
	public enum Reason {

		/** The {@code size} field exceeds the configured maximum. */
		OVERSIZED("oversized"),

		/** The packet is shorter than its header, route and seq need. */
		TRUNCATED("truncated"),

		/** A heartbeat whose length is neither plain nor timed, or a negative size. */
		MALFORMED("malformed"),

		/** A WebSocket frame whose {@code size} field disagrees with the frame length. */
		LENGTH_MISMATCH("length_mismatch"),

		/** A WebSocket text frame, or any other frame the protocol does not use. */
		UNSUPPORTED_FRAME("unsupported_frame");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

}
