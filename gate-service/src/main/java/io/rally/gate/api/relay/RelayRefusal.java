package io.rally.gate.api.relay;

/**
 * Why the transparent gateway refused a client; {@link #tag()} is the {@code reason} tag of
 * the refusals metric and the close reason of the connection.
 */
public enum RelayRefusal {

	/** The first packet is not a backend address, an instance id nor a token. */
	MALFORMED("malformed"),

	/** The first packet's length field is larger than the limit. */
	OVERSIZED("oversized"),

	/** The token's signature, algorithm or claims are wrong. */
	BAD_TOKEN("bad_token"),

	/** The token is past its {@code exp} or before its {@code nbf}. */
	EXPIRED_TOKEN("expired_token"),

	/** A plain address or instance id where a token is required. */
	TOKEN_REQUIRED("token_required"),

	/** The backend is neither allow-listed nor a discovered instance. */
	NOT_ALLOWED("not_allowed"),

	/** Every attempt to dial the backend failed. */
	DIAL_FAILED("dial_failed"),

	/** The first packet did not arrive within the handshake timeout. */
	HANDSHAKE_TIMEOUT("handshake_timeout"),

	/** The client sent more than the gate buffers while the backend was being dialled. */
	TOO_EARLY("too_early");

	private final String tag;

	RelayRefusal(String tag) {
		this.tag = tag;
	}

	/** The metric tag and close reason, in snake case. */
	public String tag() {
		return this.tag;
	}

}
