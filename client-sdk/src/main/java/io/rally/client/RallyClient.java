package io.rally.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.rally.client.internal.ClientConfig;
import io.rally.client.internal.ClientCore;
import io.rally.client.internal.ClientTls;
import io.rally.client.internal.EventLoops;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;

/**
 * A connection to a Rally gate (or any due v2 server) over TCP or WebSocket, either of them
 * optionally over TLS. Built with
 * {@link #builder()}; thread-safe; cheap enough per request to drive load tests.
 *
 * <p><b>Requests</b> carry the next seq, counting 1 up to the largest value of the configured
 * seq width and starting at 1 again; 0 is never used, and a seq still in flight is skipped (if
 * every seq is in flight the request fails at once). A response is the packet that comes back
 * with the same seq. With {@code seqBytes} 0 there is no seq: responses are matched by route, in
 * the order the requests were sent, so the gate must answer one route's requests in order, and
 * any packet on a route with a waiting request counts as its response.
 *
 * <p><b>Pushes</b> are packets with seq 0, or with a seq no request waits for (a late response
 * after a timeout, for example). They go to the listeners of their route, then to the listeners
 * of any route.
 *
 * <p><b>Threads</b>: futures complete and listeners run on the connection's I/O thread; they must
 * not block it. A listener that throws is logged and otherwise ignored.
 */
public final class RallyClient implements AutoCloseable {

	private final ClientCore core;

	private RallyClient(ClientCore core) {
		this.core = core;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Connects. The future completes once packets can flow (for WebSocket, after the handshake).
	 * Calling it while connecting or connected returns the pending or completed attempt; after a
	 * failed attempt (without reconnect), calling it again tries again.
	 */
	public CompletableFuture<Void> connect() {
		return this.core.connect();
	}

	/**
	 * Sends a request and waits for its response. The future completes exceptionally with
	 * {@link RequestTimeoutException} after the request timeout, {@link ConnectionClosedException}
	 * if the connection is not open or closes first, {@link RallyErrorException} if the gate
	 * answers with an error packet, and {@link IllegalArgumentException} if the route or payload
	 * does not fit the protocol settings. Cancelling the future frees its seq.
	 * @param payload the payload, owned by the client from now on; {@code null} for none
	 */
	public CompletableFuture<Packet> request(int route, byte[] payload) {
		return this.core.request(route, payload);
	}

	/**
	 * Sends a one-way packet (seq 0). The future completes once it is written, exceptionally as
	 * for {@link #request}.
	 * @param payload the payload, owned by the client from now on; {@code null} for none
	 */
	public CompletableFuture<Void> send(int route, byte[] payload) {
		return this.core.send(route, payload);
	}

	/** Listens to pushes on {@code route}. */
	public Registration onPush(int route, Consumer<Packet> listener) {
		return this.core.listeners().onPush(route, listener);
	}

	/** Listens to pushes on every route, after the route's own listeners. */
	public Registration onAnyPush(Consumer<Packet> listener) {
		return this.core.listeners().onAnyPush(listener);
	}

	/** Listens to the connection closing, whatever the reason, once per connection. */
	public Registration onClose(Consumer<CloseEvent> listener) {
		return this.core.listeners().onClose(listener);
	}

	/** Listens to the client having connected again after an unexpected close. */
	public Registration onReconnect(Runnable listener) {
		return this.core.listeners().onReconnect(listener);
	}

	public boolean isConnected() {
		return this.core.isConnected();
	}

	/**
	 * Closes the connection and stops reconnecting. Waiting requests fail with
	 * {@link ConnectionClosedException}. A client without shared {@link ClientResources} also
	 * stops its I/O thread. Closing twice is harmless.
	 */
	@Override
	public void close() {
		this.core.close();
	}

	@Override
	public String toString() {
		ClientConfig config = this.core.config();
		return "RallyClient[" + config.transport() + ((config.tls() != null) ? "+TLS " : " ") + config.address()
				+ ", connected=" + isConnected() + "]";
	}

	/** Builds a {@link RallyClient}. Only the host and port have no default. */
	public static final class Builder {

		private ClientTransport transport = ClientTransport.TCP;

		private String host;

		private int port = -1;

		private String webSocketPath = "/";

		private ProtocolSettings protocol = ProtocolSettings.defaults();

		private Duration heartbeatInterval = Duration.ofSeconds(10);

		private Duration requestTimeout = Duration.ofSeconds(10);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private boolean errorPackets;

		private boolean reconnect;

		private Duration initialBackoff = Duration.ofMillis(100);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private ClientResources resources;

		private KcpSettings kcp = KcpSettings.DEFAULTS;

		private boolean tls;

		private List<X509Certificate> trustedCertificates = List.of();

		private String serverName;

		private boolean verifyHostname = true;

		private Builder() {
		}

		public Builder transport(ClientTransport transport) {
			if (transport == null) {
				throw new IllegalArgumentException("transport: null (expected: TCP, WEBSOCKET or KCP)");
			}
			this.transport = transport;
			return this;
		}

		public Builder host(String host) {
			if (host == null || host.isBlank()) {
				throw new IllegalArgumentException("host: '" + host + "' (expected: not blank)");
			}
			this.host = host;
			return this;
		}

		public Builder port(int port) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
			}
			this.port = port;
			return this;
		}

		/** The path of the WebSocket handshake; ignored by TCP. */
		public Builder webSocketPath(String webSocketPath) {
			if (webSocketPath == null || !webSocketPath.startsWith("/")) {
				throw new IllegalArgumentException("webSocketPath: '" + webSocketPath + "' (expected: starts with /)");
			}
			this.webSocketPath = webSocketPath;
			return this;
		}

		/** The wire settings; they must equal the gate's, since nothing is negotiated. */
		public Builder protocol(ProtocolSettings protocol) {
			if (protocol == null) {
				throw new IllegalArgumentException("protocol: null (expected: not null)");
			}
			this.protocol = protocol;
			return this;
		}

		/**
		 * How often to send a heartbeat; the connection counts as dead after twice this long
		 * without any packet from the gate. Zero turns both off.
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = requireNonNegative("heartbeatInterval", heartbeatInterval);
			return this;
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requirePositive("requestTimeout", requestTimeout);
			return this;
		}

		/** How long a connect may take, the WebSocket handshake included. */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = requirePositive("connectTimeout", connectTimeout);
			return this;
		}

		/**
		 * Whether to opt in to error packets: every data packet then carries extension code
		 * {@link Packet#EXT_ERROR}, and a request the gate cannot serve fails with
		 * {@link RallyErrorException} instead of timing out.
		 */
		public Builder errorPackets(boolean errorPackets) {
			this.errorPackets = errorPackets;
			return this;
		}

		/**
		 * Whether to reconnect after a connection that was up closes unexpectedly, waiting
		 * between {@code initialBackoff} and twice that long (half of it random, so that many
		 * clients spread out), doubling up to {@code maxBackoff}, until it succeeds or the client
		 * is closed. A first connect that fails is not retried.
		 */
		public Builder reconnect(boolean reconnect, Duration initialBackoff, Duration maxBackoff) {
			requirePositive("initialBackoff", initialBackoff);
			requirePositive("maxBackoff", maxBackoff);
			if (maxBackoff.compareTo(initialBackoff) < 0) {
				throw new IllegalArgumentException(
						"maxBackoff: " + maxBackoff + " (expected: >= initialBackoff " + initialBackoff + ")");
			}
			this.reconnect = reconnect;
			this.initialBackoff = initialBackoff;
			this.maxBackoff = maxBackoff;
			return this;
		}

		/** The KCP parameters; used by {@link ClientTransport#KCP} only. */
		public Builder kcp(KcpSettings kcp) {
			if (kcp == null) {
				throw new IllegalArgumentException("kcp: null (expected: not null)");
			}
			this.kcp = kcp;
			return this;
		}

		/**
		 * Whether to connect over TLS (for WebSocket: {@code wss://}). The gate's certificate
		 * must be issued by a CA given to {@link #trustCertificates(Path)}, or else by one in
		 * the JDK's default trust store, and must name the host (see {@link #serverName}).
		 */
		public Builder tls(boolean tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Trusts the CA certificates in a PEM file, and only them, and turns TLS on.
		 * @throws IllegalArgumentException if the file cannot be read or holds no certificate
		 */
		public Builder trustCertificates(Path pemFile) {
			if (pemFile == null) {
				throw new IllegalArgumentException("trustCertificates: null (expected: a PEM file of CA certificates)");
			}
			try (InputStream in = Files.newInputStream(pemFile)) {
				return trustCertificates(in, pemFile.toString());
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("trustCertificates: " + pemFile + " (expected: a readable PEM file"
						+ " of CA certificates; " + ex + ")", ex);
			}
		}

		/**
		 * Trusts the CA certificates in PEM read from {@code pem} (read now, not closed), and
		 * only them, and turns TLS on.
		 * @throws IllegalArgumentException if the stream holds no certificate
		 */
		public Builder trustCertificates(InputStream pem) {
			if (pem == null) {
				throw new IllegalArgumentException("trustCertificates: null (expected: PEM CA certificates)");
			}
			return trustCertificates(pem, "the stream");
		}

		private Builder trustCertificates(InputStream pem, String source) {
			List<X509Certificate> certificates = new ArrayList<>();
			try {
				for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
					certificates.add((X509Certificate) certificate);
				}
			}
			catch (CertificateException ex) {
				throw new IllegalArgumentException(
						"trustCertificates: " + source + " (expected: PEM CA certificates; " + ex.getMessage() + ")", ex);
			}
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException(
						"trustCertificates: " + source + " (expected: at least one PEM certificate)");
			}
			this.trustedCertificates = List.copyOf(certificates);
			this.tls = true;
			return this;
		}

		/**
		 * The name sent for SNI and checked against the gate's certificate, when it differs from
		 * the host connected to (an IP address, say); by default the host.
		 */
		public Builder serverName(String serverName) {
			if (serverName != null && serverName.isBlank()) {
				throw new IllegalArgumentException("serverName: '" + serverName + "' (expected: not blank, or null)");
			}
			this.serverName = serverName;
			return this;
		}

		/**
		 * Whether the gate's certificate must name the server (on by default). Turning it off
		 * lets any certificate of a trusted CA through; only for tests and closed networks.
		 */
		public Builder verifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
			return this;
		}

		/** Shared I/O threads; without them the client starts and owns one thread. */
		public Builder resources(ClientResources resources) {
			this.resources = resources;
			return this;
		}

		public RallyClient build() {
			if (this.host == null) {
				throw new IllegalStateException("host: not set (expected: the gate's host)");
			}
			if (this.port < 0) {
				throw new IllegalStateException("port: not set (expected: the gate's port)");
			}
			if (this.tls && this.transport == ClientTransport.KCP) {
				throw new IllegalStateException("tls: on with transport KCP (expected: TCP or WEBSOCKET; KCP has no TLS)");
			}
			ClientConfig config = new ClientConfig(this.transport, this.host, this.port, this.webSocketPath,
					this.protocol, this.heartbeatInterval, this.requestTimeout, this.connectTimeout, this.errorPackets,
					this.reconnect, this.initialBackoff, this.maxBackoff, this.kcp,
					this.tls ? new ClientTls(this.trustedCertificates, this.serverName, this.verifyHostname) : null);
			boolean owned = this.resources == null;
			EventLoops eventLoops = owned ? EventLoops.create(1, true, "rally-client") : this.resources.eventLoops();
			return new RallyClient(new ClientCore(config, eventLoops, owned));
		}

		private static Duration requireNonNegative(String name, Duration value) {
			if (value == null || value.isNegative()) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
			}
			return value;
		}

		private static Duration requirePositive(String name, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
			}
			return value;
		}

	}

}
