package io.rally.cluster.redis;

/**
 * A {@link RedisLocator} operation failed because Redis did not answer in time or could not be
 * reached. Futures of the locator complete exceptionally with it; the operation may be retried
 * once Redis is back, which needs no restart.
 */
public class LocatorUnavailableException extends RuntimeException {

	private final String operation;

	public LocatorUnavailableException(String operation, String message, Throwable cause) {
		super(message, cause);
		this.operation = operation;
	}

	/** The locator operation that failed, such as {@code bindGate}. */
	public String getOperation() {
		return this.operation;
	}

}
