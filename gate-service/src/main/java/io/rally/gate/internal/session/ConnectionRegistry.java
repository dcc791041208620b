package io.rally.gate.internal.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.rally.gate.internal.admission.ClientAddress;
import io.rally.gate.internal.metrics.GateMetrics;

/**
 * The open connections of one gate by the id the gate gave each: it hands out the ids and
 * forgets a connection once it has closed. Knows nothing of users. Thread-safe.
 */
final class ConnectionRegistry {

	private final GateMetrics metrics;

	private final int maxPayloadBytes;

	private final RequestLimits requestLimits;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Session> byId = new ConcurrentHashMap<>();

	ConnectionRegistry(GateMetrics metrics, int maxPayloadBytes) {
		this(metrics, maxPayloadBytes, RequestLimits.DEFAULTS);
	}

	ConnectionRegistry(GateMetrics metrics, int maxPayloadBytes, RequestLimits requestLimits) {
		this.metrics = metrics;
		this.maxPayloadBytes = maxPayloadBytes;
		this.requestLimits = requestLimits;
	}

	/**
	 * Gives a newly established connection its id and session, and lists it; the session's IP
	 * is the client's, as a trusted proxy named it.
	 */
	Session open(Channel channel, String transport) {
		Session session = new Session(this.ids.incrementAndGet(), channel, ipOf(ClientAddress.of(channel)), transport,
				this.metrics, this.maxPayloadBytes, this.requestLimits.newAccount());
		this.byId.put(session.id(), session);
		return session;
	}

	/**
	 * Forgets a closed connection.
	 * @return {@code true} the first time, {@code false} if it was forgotten before
	 */
	boolean remove(Session session) {
		return this.byId.remove(session.id(), session);
	}

	/** The connection with this id, {@code null} if it is not open. */
	Session get(long connectionId) {
		return this.byId.get(connectionId);
	}

	Optional<Session> find(long connectionId) {
		return Optional.ofNullable(this.byId.get(connectionId));
	}

	int count() {
		return this.byId.size();
	}

	/** Packets other threads queued for the event loops, summed over all connections. */
	long queuedPackets() {
		long sum = 0;
		for (Session session : this.byId.values()) {
			sum += session.queuedPackets();
		}
		return sum;
	}

	/** Bytes the sockets have not taken yet, summed over all connections. */
	long pendingBytes() {
		long sum = 0;
		for (Session session : this.byId.values()) {
			sum += session.pendingBytes();
		}
		return sum;
	}

	private static String ipOf(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return String.valueOf(address);
	}

}
