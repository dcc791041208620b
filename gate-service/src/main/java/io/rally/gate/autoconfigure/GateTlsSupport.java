package io.rally.gate.autoconfigure;

import java.util.List;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.tls.ReloadableSslContext;
import io.rally.gate.internal.tls.ServerTlsSettings;
import io.rally.gate.internal.ws.WsGateServer;

/**
 * Turns {@code rally.gate.tls.*} into the gate's SSL context, with messages that name the
 * property at fault.
 */
final class GateTlsSupport {

	private static final List<String> TRANSPORTS = List.of(TcpGateServer.TRANSPORT, WsGateServer.TRANSPORT);

	private GateTlsSupport() {
	}

	static ReloadableSslContext sslContext(GateProperties.Tls tls) {
		if (tls.getCertificate() == null) {
			throw new IllegalStateException(
					"rally.gate.tls.certificate: not set (expected: the path of a PEM certificate chain)");
		}
		if (tls.getPrivateKey() == null) {
			throw new IllegalStateException(
					"rally.gate.tls.private-key: not set (expected: the path of a PEM PKCS#8 private key)");
		}
		for (String transport : tls.getTransports()) {
			if (!TRANSPORTS.contains(transport)) {
				throw new IllegalStateException(
						"rally.gate.tls.transports: " + tls.getTransports() + " (expected: some of " + TRANSPORTS + ")");
			}
		}
		return new ReloadableSslContext(new ServerTlsSettings(tls.getCertificate(), tls.getPrivateKey(),
				tls.getPrivateKeyPassword(), tls.getProtocols(), tls.getCiphers(), tls.getHandshakeTimeout(),
				provider(tls.getProvider())));
	}

	private static SslProvider provider(GateProperties.TlsProvider provider) {
		return switch (provider) {
			case AUTO -> null;
			case JDK -> SslProvider.JDK;
			case OPENSSL -> {
				if (!OpenSsl.isAvailable()) {
					throw new IllegalStateException("rally.gate.tls.provider: OPENSSL (expected: netty-tcnative on"
							+ " the classpath, e.g. io.netty:netty-tcnative-boringssl-static; it is not: "
							+ OpenSsl.unavailabilityCause() + ")");
				}
				yield SslProvider.OPENSSL;
			}
		};
	}

}
