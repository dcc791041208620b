package io.rally.gate.api.relay;

/**
 * A client's request for a backend was refused. The message says why for the gate's log; the
 * client is only disconnected and never sees it.
 */
public class RelayRefusedException extends Exception {

	private final RelayRefusal reason;

	public RelayRefusedException(RelayRefusal reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public RelayRefusal reason() {
		return this.reason;
	}

}
