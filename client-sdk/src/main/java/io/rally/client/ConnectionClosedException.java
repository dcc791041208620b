package io.rally.client;

/**
 * The connection closed, or was not open, before a request or send could complete.
 */
public class ConnectionClosedException extends RallyClientException {

	public ConnectionClosedException(String message) {
		super(message, null, false);
	}

	public ConnectionClosedException(String message, Throwable cause) {
		super(message, cause, false);
	}

}
