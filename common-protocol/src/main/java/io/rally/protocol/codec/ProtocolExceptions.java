package io.rally.protocol.codec;

import io.rally.protocol.ProtocolException;

/**
 * Finds the {@link ProtocolException} behind the wrappers Netty's codecs put around it.
 */
public final class ProtocolExceptions {

	private ProtocolExceptions() {
	}

	/** The protocol error that caused {@code cause}, or {@code null} if it was something else. */
	public static ProtocolException find(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof ProtocolException protocolException) {
				return protocolException;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}

}
