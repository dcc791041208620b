package io.rally.gate.internal.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.netty.handler.ssl.SslProvider;

/**
 * How the gate's server SSL context is built.
 *
 * @param certificate the PEM certificate chain, the gate's own certificate first
 * @param privateKey the PEM (PKCS#8) private key of that certificate
 * @param privateKeyPassword the key's password, {@code null} for a key that is not encrypted
 * @param protocols the TLS versions offered
 * @param ciphers the cipher suites offered; empty for Netty's defaults
 * @param handshakeTimeout how long a client has to complete its handshake
 * @param provider the TLS implementation; {@code null} for OpenSSL if available, else the JDK's
 */
public record ServerTlsSettings(Path certificate, Path privateKey, String privateKeyPassword, List<String> protocols,
		List<String> ciphers, Duration handshakeTimeout, SslProvider provider) {

	public ServerTlsSettings {
		if (certificate == null) {
			throw new IllegalArgumentException("certificate: null (expected: the path of a PEM certificate chain)");
		}
		if (privateKey == null) {
			throw new IllegalArgumentException("privateKey: null (expected: the path of a PEM PKCS#8 private key)");
		}
		if (protocols == null || protocols.isEmpty()) {
			throw new IllegalArgumentException("protocols: " + protocols + " (expected: at least one TLS version)");
		}
		if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
			throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
		}
		protocols = List.copyOf(protocols);
		ciphers = (ciphers != null) ? List.copyOf(ciphers) : List.of();
	}

}
