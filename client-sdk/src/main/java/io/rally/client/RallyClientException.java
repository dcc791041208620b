package io.rally.client;

/**
 * Base of the exceptions a {@link RallyClient} reports, usually by completing a future
 * exceptionally. Unchecked.
 */
public class RallyClientException extends RuntimeException {

	public RallyClientException(String message) {
		super(message);
	}

	public RallyClientException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * For failures raised on an I/O thread, where a stack trace says nothing about the caller
	 * and costs more than the failure itself under load.
	 */
	protected RallyClientException(String message, Throwable cause, boolean writableStackTrace) {
		super(message, cause, true, writableStackTrace);
	}

}
