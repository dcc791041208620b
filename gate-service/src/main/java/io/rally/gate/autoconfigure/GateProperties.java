package io.rally.gate.autoconfigure;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.rally.gate.api.GateMode;
import io.rally.gate.api.HeartbeatMechanism;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.internal.admission.PerIpLimits;
import io.rally.gate.internal.admission.TrustedProxies;
import io.rally.gate.internal.kcp.KcpOptions;
import io.rally.gate.internal.session.ChannelLimits;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.ProtocolSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gate, under {@code rally.gate}.
 */
@ConfigurationProperties("rally.gate")
public class GateProperties {

	/** Whether this application runs a gate: off in an application that only runs nodes. */
	private boolean enabled = true;

	/** What the gate does with client bytes: PACKET parses and dispatches packets, TRANSPARENT relays them to a backend the client names. */
	private GateMode mode = GateMode.PACKET;

	/** The gate's instance id, unique in the cluster. */
	private String id = "gate-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * Where other instances reach this gate (host:port); unset, the cluster transport's own
	 * address is used ("local" in standalone mode).
	 */
	private String advertisedEndpoint;

	/** The most client connections this gate holds, across its transports; more are closed on accept. */
	private int maxConnections = 5000;

	/** How long a connection may stay open without a bound user (a client should log in right after connecting); 0 turns the check off. */
	private Duration authorizeTimeout = Duration.ofSeconds(30);

	/** Netty event loop threads shared by the transports; 0 for one per two cores (at least one). */
	private int workerThreads = 0;

	/** How long a stopping gate waits for its goodbyes to reach the clients before it closes their connections anyway, and again for its event loops. */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	private final Tcp tcp = new Tcp();

	private final Ws ws = new Ws();

	private final Kcp kcp = new Kcp();

	private final Protocol protocol = new Protocol();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Outbound outbound = new Outbound();

	private final Dispatch dispatch = new Dispatch();

	private final Channels channels = new Channels();

	private final Tls tls = new Tls();

	private final PerIp perIp = new PerIp();

	private final ProxyProtocol proxyProtocol = new ProxyProtocol();

	/** What one client connection may ask of the gate: requests in flight and inbound rates. */
	@NestedConfigurationProperty
	private final GateLimitsProperties limits = new GateLimitsProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public GateMode getMode() {
		return this.mode;
	}

	public void setMode(GateMode mode) {
		this.mode = mode;
	}

	public String getId() {
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public String getAdvertisedEndpoint() {
		return this.advertisedEndpoint;
	}

	public void setAdvertisedEndpoint(String advertisedEndpoint) {
		this.advertisedEndpoint = advertisedEndpoint;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getAuthorizeTimeout() {
		return this.authorizeTimeout;
	}

	public void setAuthorizeTimeout(Duration authorizeTimeout) {
		this.authorizeTimeout = authorizeTimeout;
	}

	public int getWorkerThreads() {
		return this.workerThreads;
	}

	public void setWorkerThreads(int workerThreads) {
		this.workerThreads = workerThreads;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Tcp getTcp() {
		return this.tcp;
	}

	public Ws getWs() {
		return this.ws;
	}

	public Kcp getKcp() {
		return this.kcp;
	}

	public Protocol getProtocol() {
		return this.protocol;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Outbound getOutbound() {
		return this.outbound;
	}

	public Dispatch getDispatch() {
		return this.dispatch;
	}

	public Channels getChannels() {
		return this.channels;
	}

	public GateLimitsProperties getLimits() {
		return this.limits;
	}

	public Tls getTls() {
		return this.tls;
	}

	public PerIp getPerIp() {
		return this.perIp;
	}

	public ProxyProtocol getProxyProtocol() {
		return this.proxyProtocol;
	}

	/** The TCP transport. */
	public static class Tcp {

		/** Whether the TCP server runs. */
		private boolean enabled = true;

		/** The address the TCP server binds to. */
		private String host = "0.0.0.0";

		/** The TCP port; 0 picks a free one. */
		private int port = 3553;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/** The WebSocket transport. */
	public static class Ws {

		/** Whether the WebSocket server runs. */
		private boolean enabled = true;

		/** The address the WebSocket server binds to. */
		private String host = "0.0.0.0";

		/** The WebSocket port; 0 picks a free one. */
		private int port = 3554;

		/** The path of the WebSocket upgrade request; other paths get 404. */
		private String path = "/";

		/** Origins allowed to open a WebSocket; empty allows any, otherwise others get 403. */
		private List<String> allowedOrigins = new ArrayList<>();

		/** The largest WebSocket frame payload; unset means the largest packet the protocol settings allow. */
		private DataSize maxFrameSize;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		/** The frame limit in bytes: the configured one, or a whole packet of {@code protocol}. */
		public int maxFrameBytes(ProtocolSettings protocol) {
			if (this.maxFrameSize != null) {
				return Math.toIntExact(this.maxFrameSize.toBytes());
			}
			return ProtocolSettings.SIZE_FIELD_BYTES + protocol.maxSize();
		}

	}

	/**
	 * The KCP transport: reliable UDP for action games. Off by default, since it opens a UDP
	 * port that firewalls and load balancers must be set up for; the defaults favour latency
	 * over bandwidth, as kcp-go's "fast" modes do, and match the client SDK's.
	 */
	public static class Kcp {

		/** Whether the KCP server runs. */
		private boolean enabled = false;

		/** The address the KCP server's UDP socket binds to. */
		private String host = "0.0.0.0";

		/** The UDP port of the KCP server; 0 picks a free one. */
		private int port = 3555;

		/** Whether retransmission starts from a 30 ms timeout that grows by half, not from 100 ms doubling (KCP nodelay). */
		private boolean noDelay = true;

		/** The period of KCP's clock, which bounds how late an ack or a retransmission goes out (10 ms to 5 s). */
		private Duration interval = Duration.ofMillis(10);

		/** Retransmit a segment as soon as this many later segments were acknowledged; 0 waits for its timeout. */
		private int fastResend = 2;

		/** Whether KCP's congestion window throttles sending; off (KCP nc=1) keeps latency low on lossy links. */
		private boolean congestionControl = false;

		/** The most unacknowledged segments in flight to one client. */
		private int sendWindow = 128;

		/** The most segments one client may have in flight to the gate. */
		private int receiveWindow = 128;

		/** The largest datagram the gate sends, KCP header included; below the path MTU avoids IP fragmentation. */
		private DataSize mtu = DataSize.ofBytes(1400);

		/** How long a conversation may receive nothing before the gate reclaims it, heartbeats or not. */
		private Duration deadTimeout = Duration.ofSeconds(30);

		/** How many times a segment is sent without an acknowledgement before the conversation is closed as dead. */
		private int deadLink = 20;

		/** How long a new conversation may take to acknowledge the gate's probe, proving its source address is real, before it is dropped. */
		private Duration handshakeTimeout = Duration.ofSeconds(5);

		/** The most conversations awaiting that proof at once; they take no connection slot and are not announced to nodes. */
		private int maxUnverified = 1024;

		/** The most conversations awaiting that proof from one IP address. */
		private int maxUnverifiedPerSource = 8;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public boolean isNoDelay() {
			return this.noDelay;
		}

		public void setNoDelay(boolean noDelay) {
			this.noDelay = noDelay;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getFastResend() {
			return this.fastResend;
		}

		public void setFastResend(int fastResend) {
			this.fastResend = fastResend;
		}

		public boolean isCongestionControl() {
			return this.congestionControl;
		}

		public void setCongestionControl(boolean congestionControl) {
			this.congestionControl = congestionControl;
		}

		public int getSendWindow() {
			return this.sendWindow;
		}

		public void setSendWindow(int sendWindow) {
			this.sendWindow = sendWindow;
		}

		public int getReceiveWindow() {
			return this.receiveWindow;
		}

		public void setReceiveWindow(int receiveWindow) {
			this.receiveWindow = receiveWindow;
		}

		public DataSize getMtu() {
			return this.mtu;
		}

		public void setMtu(DataSize mtu) {
			this.mtu = mtu;
		}

		public Duration getDeadTimeout() {
			return this.deadTimeout;
		}

		public void setDeadTimeout(Duration deadTimeout) {
			this.deadTimeout = deadTimeout;
		}

		public int getDeadLink() {
			return this.deadLink;
		}

		public void setDeadLink(int deadLink) {
			this.deadLink = deadLink;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public int getMaxUnverified() {
			return this.maxUnverified;
		}

		public void setMaxUnverified(int maxUnverified) {
			this.maxUnverified = maxUnverified;
		}

		public int getMaxUnverifiedPerSource() {
			return this.maxUnverifiedPerSource;
		}

		public void setMaxUnverifiedPerSource(int maxUnverifiedPerSource) {
			this.maxUnverifiedPerSource = maxUnverifiedPerSource;
		}

		/** The KCP options these properties describe; internal, so not part of the public properties. */
		KcpOptions toOptions() {
			KcpSettings settings = new KcpSettings(this.noDelay, this.interval, this.fastResend,
					this.congestionControl, this.sendWindow, this.receiveWindow, Math.toIntExact(this.mtu.toBytes()));
			return new KcpOptions(settings, this.deadTimeout, this.deadLink, this.handshakeTimeout, this.maxUnverified,
					this.maxUnverifiedPerSource);
		}

	}

	/** The wire protocol; client and gate must agree on every setting. */
	public static class Protocol {

		/** The byte order of multi-byte fields. */
		private ByteOrderSetting byteOrder = ByteOrderSetting.BIG;

		/** Bytes of the route field: 1, 2 or 4. */
		private int routeBytes = 2;

		/** Bytes of the seq field: 0, 1, 2 or 4. */
		private int seqBytes = 2;

		/** The largest payload of one packet; larger packets close the connection. */
		private DataSize maxPayload = DataSize.ofBytes(5000);

		public ByteOrderSetting getByteOrder() {
			return this.byteOrder;
		}

		public void setByteOrder(ByteOrderSetting byteOrder) {
			this.byteOrder = byteOrder;
		}

		public int getRouteBytes() {
			return this.routeBytes;
		}

		public void setRouteBytes(int routeBytes) {
			this.routeBytes = routeBytes;
		}

		public int getSeqBytes() {
			return this.seqBytes;
		}

		public void setSeqBytes(int seqBytes) {
			this.seqBytes = seqBytes;
		}

		public DataSize getMaxPayload() {
			return this.maxPayload;
		}

		public void setMaxPayload(DataSize maxPayload) {
			this.maxPayload = maxPayload;
		}

		/** The protocol settings these properties describe. */
		public ProtocolSettings toSettings() {
			return ProtocolSettings.builder()
				.byteOrder((this.byteOrder == ByteOrderSetting.LITTLE) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
				.routeBytes(this.routeBytes)
				.seqBytes(this.seqBytes)
				.maxPayloadBytes(Math.toIntExact(this.maxPayload.toBytes()))
				.build();
		}

	}

	/** The two byte orders of the wire protocol. */
	public enum ByteOrderSetting {

		BIG, LITTLE

	}

	/** Heartbeats and idle connections. */
	public static class Heartbeat {

		/** The heartbeat interval; a connection silent for twice this is closed; 0 turns both off. */
		private Duration interval = Duration.ofSeconds(10);

		/** Who sends heartbeats: RESP answers each client heartbeat, TICK sends one every interval. */
		private HeartbeatMechanism mechanism = HeartbeatMechanism.RESP;

		/** Whether the gate's heartbeats carry its clock as an int64. */
		private boolean withTime = false;

		/** The unit of that clock: MILLISECONDS (what due's TS client reads) or NANOSECONDS (what due's Go server writes). */
		private TimeUnit timeUnit = TimeUnit.MILLISECONDS;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public HeartbeatMechanism getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(HeartbeatMechanism mechanism) {
			this.mechanism = mechanism;
		}

		public boolean isWithTime() {
			return this.withTime;
		}

		public void setWithTime(boolean withTime) {
			this.withTime = withTime;
		}

		public TimeUnit getTimeUnit() {
			return this.timeUnit;
		}

		public void setTimeUnit(TimeUnit timeUnit) {
			this.timeUnit = timeUnit;
		}

	}

	/** Writing to clients. */
	public static class Outbound {

		/** The outbound bytes one connection may have queued; a client that lets more pile up is disconnected. */
		private DataSize maxPending = DataSize.ofMegabytes(1);

		public DataSize getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(DataSize maxPending) {
			this.maxPending = maxPending;
		}

	}

	/** Choosing nodes for stateless routes. */
	public static class Dispatch {

		/** How stateless packets are spread over the nodes that serve their route. */
		private DispatchStrategy strategy = DispatchStrategy.ROUND_ROBIN;

		public DispatchStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(DispatchStrategy strategy) {
			this.strategy = strategy;
		}

	}

	/** Channels, the named groups of connections nodes publish to. */
	public static class Channels {

		/** The longest channel name, in chars; longer names are refused. */
		private int maxNameLength = ChannelLimits.DEFAULTS.maxNameLength();

		/** The most channels one connection can be in at once; subscribing to more is refused. */
		private int maxPerConnection = ChannelLimits.DEFAULTS.maxPerConnection();

		public int getMaxNameLength() {
			return this.maxNameLength;
		}

		public void setMaxNameLength(int maxNameLength) {
			this.maxNameLength = maxNameLength;
		}

		public int getMaxPerConnection() {
			return this.maxPerConnection;
		}

		public void setMaxPerConnection(int maxPerConnection) {
			this.maxPerConnection = maxPerConnection;
		}

		/** The channel limits these properties describe; internal, so not part of the public properties. */
		ChannelLimits toLimits() {
			return new ChannelLimits(this.maxNameLength, this.maxPerConnection);
		}

	}

	/**
	 * TLS for the TCP and WebSocket transports (wss), from PEM files that are watched and
	 * reloaded without a restart.
	 */
	public static class Tls {

		/** Whether the transports listed in {@code transports} accept only TLS connections. */
		private boolean enabled = false;

		/** Which transports use TLS when it is enabled: tcp, ws, or both. */
		private List<String> transports = new ArrayList<>(List.of("tcp", "ws"));

		/** The PEM file of the certificate chain, the gate's own certificate first. */
		private Path certificate;

		/** The PEM file of the private key of the first certificate, in PKCS#8. */
		private Path privateKey;

		/** The password of an encrypted private key; unset for a key that is not encrypted. */
		private String privateKeyPassword;

		/** The TLS versions offered; older versions are refused. */
		private List<String> protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2"));

		/**
		 * The cipher suites offered, in order of preference; empty for Netty's defaults, which
		 * allow only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305, and
		 * the TLS 1.3 suites).
		 */
		private List<String> ciphers = new ArrayList<>();

		/** How long a client has to complete its TLS handshake before it is disconnected. */
		private Duration handshakeTimeout = Duration.ofSeconds(10);

		/** How often the certificate and key files are checked for changes; 0 turns reloading off. */
		private Duration reloadInterval = Duration.ofSeconds(30);

		/** Which TLS implementation to use; AUTO picks OpenSSL when netty-tcnative is on the classpath. */
		private TlsProvider provider = TlsProvider.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTransports() {
			return this.transports;
		}

		public void setTransports(List<String> transports) {
			this.transports = transports;
		}

		public Path getCertificate() {
			return this.certificate;
		}

		public void setCertificate(Path certificate) {
			this.certificate = certificate;
		}

		public Path getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(Path privateKey) {
			this.privateKey = privateKey;
		}

		public String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public List<String> getProtocols() {
			return this.protocols;
		}

		public void setProtocols(List<String> protocols) {
			this.protocols = protocols;
		}

		public List<String> getCiphers() {
			return this.ciphers;
		}

		public void setCiphers(List<String> ciphers) {
			this.ciphers = ciphers;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public Duration getReloadInterval() {
			return this.reloadInterval;
		}

		public void setReloadInterval(Duration reloadInterval) {
			this.reloadInterval = reloadInterval;
		}

		public TlsProvider getProvider() {
			return this.provider;
		}

		public void setProvider(TlsProvider provider) {
			this.provider = provider;
		}

		/** Whether {@code transport} uses TLS. */
		public boolean appliesTo(String transport) {
			return this.enabled && this.transports.contains(transport);
		}

	}

	/**
	 * Connection limits per client address, for TCP and WebSocket (KCP has its own): one host
	 * must not take every connection slot, nor keep the gate busy accepting. The client address
	 * is the socket's peer, or behind a load balancer the one its PROXY header names (see
	 * {@code proxy-protocol}). The defaults leave room for a household or a café behind one NAT
	 * (and for all of it reconnecting at once after a gate restart) while a single host needs
	 * dozens of addresses to fill a gate.
	 */
	public static class PerIp {

		/** The most connections one client address may have open at once; 0 turns the cap off. */
		private int maxConnections = 64;

		/** New connections one client address may open per second, on average; 0 turns the rate limit off. */
		private double connectionRate = 20;

		/** New connections one client address may open at once before the rate applies. */
		private int connectionBurst = 64;

		/** The most client addresses whose connection rate is remembered; idle ones are forgotten first when more connect. */
		private int maxTracked = 16384;

		/** The leading bits of an IPv6 address that count as one client address (64: one subscriber's network). */
		private int ipv6PrefixLength = 64;

		/** How often the refusals of one address are logged at most; every refusal is counted in the metrics. */
		private Duration logInterval = Duration.ofMinutes(1);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public double getConnectionRate() {
			return this.connectionRate;
		}

		public void setConnectionRate(double connectionRate) {
			this.connectionRate = connectionRate;
		}

		public int getConnectionBurst() {
			return this.connectionBurst;
		}

		public void setConnectionBurst(int connectionBurst) {
			this.connectionBurst = connectionBurst;
		}

		public int getMaxTracked() {
			return this.maxTracked;
		}

		public void setMaxTracked(int maxTracked) {
			this.maxTracked = maxTracked;
		}

		public int getIpv6PrefixLength() {
			return this.ipv6PrefixLength;
		}

		public void setIpv6PrefixLength(int ipv6PrefixLength) {
			this.ipv6PrefixLength = ipv6PrefixLength;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

		/** The limits these properties describe; internal, so not part of the public properties. */
		PerIpLimits toLimits() {
			if (this.maxConnections == 0 && this.connectionRate == 0) {
				return PerIpLimits.OFF;
			}
			return new PerIpLimits(this.maxConnections, this.connectionRate, this.connectionBurst, this.maxTracked,
					this.ipv6PrefixLength, this.logInterval);
		}

	}

	/**
	 * The PROXY protocol (v1 or v2), for a gate behind a TCP load balancer (HAProxy, AWS NLB,
	 * ...): each connection from a trusted proxy starts with a header that names the real client,
	 * whose address then counts for the per-address limits and is the session's client IP. For
	 * TCP and WebSocket; the header comes before TLS.
	 */
	public static class ProxyProtocol {

		/** Whether connections from the trusted proxies must start with a PROXY header. */
		private boolean enabled = false;

		/** The addresses or CIDR networks of the load balancers (10.0.0.5, 10.0.0.0/8, [fd00::]/8); a PROXY header from any other address closes the connection. */
		private List<String> trustedProxies = new ArrayList<>();

		/** How long a trusted proxy has to send its header after connecting. */
		private Duration headerTimeout = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public Duration getHeaderTimeout() {
			return this.headerTimeout;
		}

		public void setHeaderTimeout(Duration headerTimeout) {
			this.headerTimeout = headerTimeout;
		}

		/** The trusted proxies these properties describe; internal, so not part of the public properties. */
		TrustedProxies toTrustedProxies() {
			return this.enabled ? TrustedProxies.of(this.trustedProxies, this.headerTimeout) : TrustedProxies.OFF;
		}

	}

	/** The TLS implementations the gate can use. */
	public enum TlsProvider {

		/** OpenSSL (netty-tcnative) when it is on the classpath, else the JDK's. */
		AUTO,

		/** The JDK's SSLEngine. */
		JDK,

		/** OpenSSL through netty-tcnative, which must be on the classpath. */
		OPENSSL

	}

}
