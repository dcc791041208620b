package io.rally.client.internal;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rally.client.RallyClientException;

/**
 * Builds the client's SSL context from its {@link ClientTls} settings: TLS 1.3 and 1.2 with
 * the provider's default (forward-secret, AEAD) cipher suites.
 */
final class ClientSslContexts {

	private ClientSslContexts() {
	}

	static SslContext create(ClientTls tls) {
		SslContextBuilder builder = SslContextBuilder.forClient()
			.protocols("TLSv1.3", "TLSv1.2")
			.endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
		if (!tls.trustedCertificates().isEmpty()) {
			builder.trustManager(tls.trustedCertificates().toArray(X509Certificate[]::new));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new RallyClientException("could not set up TLS: " + ex.getMessage(), ex);
		}
	}

}
