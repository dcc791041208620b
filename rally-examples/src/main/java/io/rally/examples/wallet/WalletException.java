package io.rally.examples.wallet;

/** A wallet change that did not apply, and why. */
public class WalletException extends RuntimeException {

	/** Why a change did not apply. */
	public enum Reason {

		/** The balance is smaller than the amount. */
		INSUFFICIENT_FUNDS,

		/** The idempotency key was used before for a different change. */
		KEY_CONFLICT,

		/** The balance would exceed the int64 range. */
		OVERFLOW,

		/** The store did not answer in time, or failed. */
		UNAVAILABLE

	}

	private final Reason reason;

	public WalletException(Reason reason, String message) {
		this(reason, message, null);
	}

	public WalletException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason getReason() {
		return this.reason;
	}

}
