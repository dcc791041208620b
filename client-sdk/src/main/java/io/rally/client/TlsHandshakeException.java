package io.rally.client;

/**
 * The TLS handshake with the gate failed: most often its certificate is not issued by a
 * trusted CA, or does not name the host connected to. The cause is the TLS provider's own
 * exception, with the details.
 */
public class TlsHandshakeException extends RallyClientException {

	public TlsHandshakeException(String message, Throwable cause) {
		super(message, cause);
	}

}
