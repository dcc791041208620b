package io.rally.gate.autoconfigure;

import java.util.List;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.tls.ReloadableSslContext;
import io.rally.gate.internal.tls.ServerTlsSettings;
import io.rally.gate.internal.ws.WsGateServer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Turns {@code rally.gate.tls.*} into the gate's SSL context, with messages that name the
 * property at fault, and puts the servers of the transports it lists behind it, in packet and
 * transparent mode alike.
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

	/**
	 * Serves {@code server} over TLS if {@code rally.gate.tls} is on for its transport; the
	 * context is asked for only then, as it exists only when TLS is enabled.
	 */
	static <S extends NettyGateServer> S applyTo(S server, GateProperties.Tls tls,
			ObjectProvider<ReloadableSslContext> sslContext) {
		if (tls.appliesTo(server.transport())) {
			server.useTls(sslContext.getObject()::initializer);
		}
		return server;
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
