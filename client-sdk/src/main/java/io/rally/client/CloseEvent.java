package io.rally.client;

/**
 * Why a connection closed, given to {@link RallyClient#onClose} listeners.
 *
 * @param reason what closed the connection
 * @param cause the error behind it, or {@code null}
 * @param reconnecting whether the client will try to reconnect
 */
public record CloseEvent(Reason reason, Throwable cause, boolean reconnecting) {

	/** What closed a connection. */
	public enum Reason {

		/** {@link RallyClient#close()} was called. */
		CLOSED_BY_CLIENT,

		/** The gate closed the connection. */
		CLOSED_BY_SERVER,

		/** Nothing arrived from the gate for twice the heartbeat interval. */
		HEARTBEAT_TIMEOUT,

		/** The gate sent something that breaks the wire protocol. */
		PROTOCOL_ERROR,

		/** An I/O error. */
		TRANSPORT_ERROR

	}

}
