package io.rally.gate.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.rally.cluster.InstanceKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the transparent gateway, under {@code rally.gate.relay}; used only with
 * {@code rally.gate.mode=transparent}. The client sides listen where {@code rally.gate.tcp.*}
 * and {@code rally.gate.ws.*} say.
 */
@ConfigurationProperties("rally.gate.relay")
public class RelayProperties {

	/** The prefix of a success message given in hex rather than as text. */
	public static final String HEX_PREFIX = "hex:";

	/** Backends clients may name, as host:port, host:* or CIDR:port (e.g. 10.0.0.0/8:*); empty, with discovery off, refuses every client. */
	private List<String> allowedBackends = new ArrayList<>();

	/** How long a client has to name its backend (first packet, or WebSocket upgrade) before it is disconnected. */
	private Duration handshakeTimeout = Duration.ofSeconds(5);

	/** The largest first packet (and backend header) accepted; the length field is checked before anything is buffered. */
	private DataSize maxFirstPacket = DataSize.ofKilobytes(4);

	/** Sent to the client once its backend is connected: UTF-8 text, or bytes as "hex:" and hex digits; empty sends nothing. */
	private String successMessage = "OK\n";

	/** Whether clients must name their backend with a signed token; otherwise host:port and instance ids are taken too. */
	private boolean tokenRequired = false;

	/** Whether to relay with zero-copy splice(2) when both sockets are native epoll and no TLS or framing is in between. */
	private boolean splice = true;

	/** How often at most a refused client is logged; the others are only counted. */
	private Duration refusalLogInterval = Duration.ofSeconds(10);

	private final Token token = new Token();

	private final Discovery discovery = new Discovery();

	private final Dial dial = new Dial();

	private final Ws ws = new Ws();

	public List<String> getAllowedBackends() {
		return this.allowedBackends;
	}

	public void setAllowedBackends(List<String> allowedBackends) {
		this.allowedBackends = allowedBackends;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	public DataSize getMaxFirstPacket() {
		return this.maxFirstPacket;
	}

	public void setMaxFirstPacket(DataSize maxFirstPacket) {
		this.maxFirstPacket = maxFirstPacket;
	}

	public String getSuccessMessage() {
		return this.successMessage;
	}

	public void setSuccessMessage(String successMessage) {
		this.successMessage = successMessage;
	}

	public boolean isTokenRequired() {
		return this.tokenRequired;
	}

	public void setTokenRequired(boolean tokenRequired) {
		this.tokenRequired = tokenRequired;
	}

	public boolean isSplice() {
		return this.splice;
	}

	public void setSplice(boolean splice) {
		this.splice = splice;
	}

	public Duration getRefusalLogInterval() {
		return this.refusalLogInterval;
	}

	public void setRefusalLogInterval(Duration refusalLogInterval) {
		this.refusalLogInterval = refusalLogInterval;
	}

	public Token getToken() {
		return this.token;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public Dial getDial() {
		return this.dial;
	}

	public Ws getWs() {
		return this.ws;
	}

	/** The success message as bytes. */
	public byte[] successMessageBytes() {
		if (this.successMessage == null) {
			return new byte[0];
		}
		if (this.successMessage.startsWith(HEX_PREFIX)) {
			try {
				return HexFormat.of().parseHex(this.successMessage.substring(HEX_PREFIX.length()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("rally.gate.relay.success-message: '" + this.successMessage
						+ "' (expected: hex: followed by an even number of hex digits)", ex);
			}
		}
		return this.successMessage.getBytes(StandardCharsets.UTF_8);
	}

	/** Signed tokens (JWS) that name the backend. */
	public static class Token {

		/** The HS256 shared secret, at least 32 bytes of UTF-8; unset refuses HS256 tokens. */
		private String secret;

		/** The RS256 public key as PEM (-----BEGIN PUBLIC KEY-----); unset refuses RS256 tokens. */
		private String publicKey;

		/** The claim that names the backend: host:port or a registered instance id. */
		private String backendClaim = "backend";

		/** How far the gate's clock may be off the token issuer's when checking exp and nbf. */
		private Duration clockSkew = Duration.ofSeconds(10);

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(String publicKey) {
			this.publicKey = publicKey;
		}

		public String getBackendClaim() {
			return this.backendClaim;
		}

		public void setBackendClaim(String backendClaim) {
			this.backendClaim = backendClaim;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

	}

	/** Backends found through the instance registry. */
	public static class Discovery {

		/** The kinds of registered instance that are backends (their endpoint is dialled); empty turns discovery off. */
		private Set<InstanceKind> kinds = new LinkedHashSet<>();

		/** The groups of registered instance that are backends; empty for any group. */
		private Set<String> groups = new LinkedHashSet<>();

		public Set<InstanceKind> getKinds() {
			return this.kinds;
		}

		public void setKinds(Set<InstanceKind> kinds) {
			this.kinds = kinds;
		}

		public Set<String> getGroups() {
			return this.groups;
		}

		public void setGroups(Set<String> groups) {
			this.groups = groups;
		}

	}

	/** Connecting to backends. */
	public static class Dial {

		/** How long one connection attempt may take. */
		private Duration timeout = Duration.ofSeconds(3);

		/** How many more attempts follow a failed one. */
		private int retries = 2;

		/** The pause before the first retry; doubled before each further one. */
		private Duration backoff = Duration.ofMillis(100);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

	}

	/** The WebSocket client side. */
	public static class Ws {

		/** The upgrade request header that names the backend (host:port, an instance id or a token). */
		private String backendHeader = "X-Rally-Backend";

		/** The largest binary frame payload accepted from a client. */
		private DataSize maxFrameSize = DataSize.ofKilobytes(64);

		public String getBackendHeader() {
			return this.backendHeader;
		}

		public void setBackendHeader(String backendHeader) {
			this.backendHeader = backendHeader;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

	}

}
