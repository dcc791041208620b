package io.rally.client.internal;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How a client speaks TLS. Immutable.
 *
 * @param trustedCertificates the CA certificates to trust; empty for the JDK's default trust store
 * @param serverName the name sent for SNI and checked against the certificate; {@code null}
 * for the host connected to
 * @param verifyHostname whether the certificate must name the server
 */
public record ClientTls(List<X509Certificate> trustedCertificates, String serverName, boolean verifyHostname) {

	public ClientTls {
		trustedCertificates = List.copyOf(trustedCertificates);
	}

}
