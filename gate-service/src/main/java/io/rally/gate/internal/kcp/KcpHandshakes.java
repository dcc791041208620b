package io.rally.gate.internal.kcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.transport.KcpConversations;
import kcp.Kcp;

/**
 * The conversations of one UDP socket that wait for their peer's proof of address (see
 * {@link KcpHandshake}). They are a pool of their own, apart from the gate's connections: they
 * take no connection slot, have no channel and no session, so nothing of them reaches a node.
 * The pool is capped in total ({@code maxUnverified}) and per source IP address, and each
 * conversation in it expires after the handshake timeout. A conversation refused a place is
 * still probed, statelessly ({@link KcpCookies}), so that a flood of forged first segments
 * cannot shut real clients out. Refusals and expiries are counted in
 * {@value GateMetrics#KCP_UNVERIFIED} by reason. Event loop only.
 */
final class KcpHandshakes {

	static final String POOL_FULL = "pool_full";

	static final String SOURCE_FULL = "source_full";

	static final String EXPIRED = "expired";

	private final KcpOptions options;

	private final GateMetrics metrics;

	/** Probes must be unpredictable, even to a peer that has seen others. */
	private final SecureRandom random = new SecureRandom();

	/** In order of arrival, which is the order of expiry. */
	private final Map<Key, KcpHandshake> pending = new LinkedHashMap<>();

	private final Map<InetAddress, Integer> perSource = new HashMap<>();

	/** For conversations refused a place here: they are probed all the same, with no state. */
	private final KcpCookies cookies;

	private boolean unflushed;

	KcpHandshakes(KcpOptions options, GateMetrics metrics) {
		this.options = options;
		this.metrics = metrics;
		this.cookies = new KcpCookies(options);
	}

	KcpHandshake find(InetSocketAddress sender, int conv) {
		return this.pending.isEmpty() ? null : this.pending.get(new Key(sender, conv));
	}

	/**
	 * Starts a handshake for the first segment {@code datagram} of a new conversation, or, if the
	 * pool or the sender's share of it is full, answers it with a stateless probe. Probes go out
	 * through {@code socket} (see {@link #flush}).
	 */
	void open(Channel socket, ByteBuf datagram, InetSocketAddress sender, int conv, long now) {
		InetAddress source = sender.getAddress();
		String refusal = (this.perSource.getOrDefault(source, 0) >= this.options.maxUnverifiedPerSource()) ? SOURCE_FULL
				: (this.pending.size() >= this.options.maxUnverified()) ? POOL_FULL : null;
		if (refusal != null) {
			this.metrics.kcpUnverifiedDropped(refusal);
			socket.write(new DatagramPacket(this.cookies.probe(socket.alloc(), sender, conv, now), sender),
					socket.voidPromise());
			this.unflushed = true;
			return;
		}
		KcpHandshake handshake = new KcpHandshake(sender, conv, this.options, socket.alloc(), this.random.nextLong(),
				now);
		this.pending.put(new Key(sender, conv), handshake);
		this.perSource.merge(source, 1, Integer::sum);
		this.metrics.kcpUnverifiedStarted();
		input(socket, handshake, datagram, now);
	}

	/** Takes another datagram of a pending conversation that does not acknowledge the probe. */
	void input(Channel socket, KcpHandshake handshake, ByteBuf datagram, long now) {
		handshake.input(datagram, now);
		probe(socket, handshake, now);
	}

	/** Ends the handshake of a conversation whose peer acknowledged the probe: its KCP state. */
	Kcp verified(KcpHandshake handshake) {
		Kcp kcp = handshake.verified();
		this.pending.remove(new Key(handshake.remote(), handshake.conv()));
		forget(handshake);
		return kcp;
	}

	/**
	 * The KCP state for a new conversation whose peer acknowledged a stateless probe with
	 * {@code datagram}, or {@code null} if it acknowledges none.
	 */
	Kcp verifiedByCookie(Channel socket, ByteBuf datagram, InetSocketAddress sender, int conv, long now) {
		if (!this.cookies.isAcknowledgedBy(datagram, sender, conv, now)) {
			return null;
		}
		// The conversation's channel takes over the output.
		return KcpConversations.newKcp(conv, this.options.settings(), (segments, kcp) -> segments.release(),
				socket.alloc());
	}

	/** Flushes the socket if probes were written since the last flush. */
	void flush(Channel socket) {
		if (this.unflushed) {
			this.unflushed = false;
			socket.flush();
		}
	}

	/** Expires overdue handshakes and resends probes that are due. */
	void tick(Channel socket, long now) {
		if (this.pending.isEmpty()) {
			return;
		}
		Iterator<Map.Entry<Key, KcpHandshake>> entries = this.pending.entrySet().iterator();
		while (entries.hasNext()) {
			KcpHandshake handshake = entries.next().getValue();
			if (handshake.isExpired(now)) {
				entries.remove();
				forget(handshake);
				this.metrics.kcpUnverifiedDropped(EXPIRED);
			}
			else {
				probe(socket, handshake, now);
			}
		}
	}

	/** Drops every pending conversation: the socket stops taking new ones. */
	void clear() {
		for (KcpHandshake handshake : this.pending.values()) {
			forget(handshake);
		}
		this.pending.clear();
	}

	private void probe(Channel socket, KcpHandshake handshake, long now) {
		ByteBuf probe = handshake.probeIfDue(socket.alloc(), now);
		if (probe != null) {
			socket.write(new DatagramPacket(probe, handshake.remote()), socket.voidPromise());
			this.unflushed = true;
		}
	}

	private void forget(KcpHandshake handshake) {
		handshake.release();
		this.perSource.computeIfPresent(handshake.remote().getAddress(),
				(source, count) -> (count > 1) ? count - 1 : null);
		this.metrics.kcpUnverifiedEnded();
	}

	private record Key(InetSocketAddress address, int conv) {

	}

}
