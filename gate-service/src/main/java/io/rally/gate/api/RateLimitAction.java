package io.rally.gate.api;

/** What the gate does with a connection that sends faster than its rate limit. */
public enum RateLimitAction {

	/**
	 * Stops reading from the connection until its budget has refilled: the client is slowed down
	 * by TCP flow control (or KCP's window) and loses nothing.
	 */
	SLOW,

	/** Closes the connection, with reason {@code rate_limited}. */
	CLOSE

}
