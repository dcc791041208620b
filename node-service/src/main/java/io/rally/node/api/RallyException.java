package io.rally.node.api;

/**
 * Thrown by a handler or interceptor to answer with an error packet carrying {@link #code()}
 * (for example 400 for a bad request, 401 when not authorized). Business errors, not bugs: they
 * are logged without a stack trace.
 */
public class RallyException extends RuntimeException {

	private final int code;

	public RallyException(int code, String message) {
		super(message);
		this.code = code;
	}

	public RallyException(int code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/** The error code sent to the client. */
	public int code() {
		return this.code;
	}

}
