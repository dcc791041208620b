package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rally.protocol.transport.KcpConversations;
import kcp.IKcp;
import kcp.Kcp;

/**
 * A new KCP conversation whose peer has not shown yet that it receives at its source address.
 * Anyone can write any source address on a datagram, so until then the address may be a forged
 * one, and whatever the gate sends goes to a bystander.
 *
 * <p>The conversation's KCP state runs already (what the peer sends is taken in, up to
 * {@link #HELD_INPUT_BYTES}, and delivered once verified), but none of KCP's own output is
 * sent. The gate's only answer is a <em>probe</em>: an empty push whose sequence number lies far
 * behind the peer's receive window. KCP peers (the reference, kcp-go, kcp-base) acknowledge such
 * a segment as a duplicate, echoing its sequence number and timestamp, and never hand it to the
 * application, so the probe leaves the byte stream untouched. Both fields are random, so only a
 * peer that received the probe can acknowledge it. The probe's {@code una} acknowledges what the
 * gate took in, so the peer does not resend that.
 *
 * <p>A probe is a bare header. It goes out when the conversation opens and at most once more,
 * and only while the bytes sent for this conversation stay within the bytes received for it:
 * the gate is never an amplifier. Event loop only.
 */
final class KcpHandshake {

	static final int PROBE_BYTES = KcpSegments.HEADER;

	/** KCP's initial retransmission timeout: the probe is resent after it (once). */
	static final long PROBE_TIMEOUT_MILLIS = 200;

	/**
	 * What one unverified conversation takes in: a few first requests. A peer that sends more
	 * before it is verified resends the rest, as for any segment KCP did not acknowledge.
	 */
	static final int HELD_INPUT_BYTES = 16 * 1024;

	/** Probe sequence numbers start here: behind any receive window, so every peer sees a duplicate. */
	private static final int STALE_SN = 0xC000_0000;

	private static final int RANDOM_BITS = 0x3FFF_FFFF;

	/**
	 * Probe timestamps lie this far (about 17 minutes) ahead of the conversation's KCP clock, so
	 * that KCP takes no round-trip sample from an ack of a probe.
	 */
	private static final long TS_LEAD_MILLIS = 1L << 20;

	private final InetSocketAddress remote;

	private final int conv;

	private final long deadline;

	private final int probeSn;

	private final int probeTs;

	private Kcp kcp;

	private long received;

	private long sent;

	private int fed;

	private int probes;

	private long lastProbe;

	private int una;

	private int wnd;

	/** @param random 64 bits nobody can predict, for the probe */
	KcpHandshake(InetSocketAddress remote, int conv, KcpOptions options, ByteBufAllocator allocator, long random,
			long now) {
		this.remote = remote;
		this.conv = conv;
		this.deadline = now + options.handshakeTimeout().toMillis();
		this.kcp = KcpConversations.newKcp(conv, options.settings(), this::withhold, allocator);
		this.wnd = options.settings().receiveWindow();
		this.probeSn = probeSn(random);
		this.probeTs = probeTs(this.kcp.currentMs(now), random);
	}

	/** A probe's sequence number, from 64 unpredictable bits. */
	static int probeSn(long bits) {
		return STALE_SN | (int) (bits & RANDOM_BITS);
	}

	/** A probe's timestamp for a conversation whose KCP clock reads {@code clockMillis}. */
	static int probeTs(long clockMillis, long bits) {
		return (int) (clockMillis + TS_LEAD_MILLIS + ((bits >>> 32) & RANDOM_BITS));
	}

	/** A probe: an empty push with these fields. */
	static ByteBuf probe(ByteBufAllocator allocator, int conv, int wnd, int ts, int sn, int una) {
		ByteBuf probe = allocator.ioBuffer(PROBE_BYTES);
		KcpSegments.writeHeader(probe, conv, KcpSegments.PUSH, wnd, ts, sn, una);
		return probe;
	}

	InetSocketAddress remote() {
		return this.remote;
	}

	int conv() {
		return this.conv;
	}

	boolean isExpired(long now) {
		return now - this.deadline >= 0;
	}

	/** Whether {@code datagram}, well-formed and of this conversation, acknowledges the probe. */
	boolean isAcknowledgedBy(ByteBuf datagram) {
		return this.probes > 0 && KcpSegments.acknowledges(datagram, this.probeSn, this.probeTs);
	}

	/** Takes one well-formed datagram of this conversation; the caller keeps ownership. */
	void input(ByteBuf datagram, long now) {
		int size = datagram.readableBytes();
		this.received += size;
		if (this.fed + size <= HELD_INPUT_BYTES) {
			this.fed += size;
			this.kcp.input(datagram.duplicate(), true, now);
		}
	}

	/**
	 * The probe, if one is due now and the budget allows it: the first, or the only resend once
	 * the first went unacknowledged for {@link #PROBE_TIMEOUT_MILLIS}; {@code null} otherwise.
	 */
	ByteBuf probeIfDue(ByteBufAllocator allocator, long now) {
		if (this.probes > 1 || (this.probes == 1 && now - this.lastProbe < PROBE_TIMEOUT_MILLIS)
				|| this.sent + PROBE_BYTES > this.received) {
			return null;
		}
		// KCP's output of the moment (acks) tells what the probe acknowledges; it is not sent.
		this.kcp.flush(false, now);
		this.probes++;
		this.lastProbe = now;
		this.sent += PROBE_BYTES;
		return probe(allocator, this.conv, this.wnd, this.probeTs, this.probeSn, this.una);
	}

	/** The conversation's KCP state, now the caller's: this handshake is over. */
	Kcp verified() {
		Kcp verified = this.kcp;
		this.kcp = null;
		return verified;
	}

	/** Drops the conversation's state, unless it was handed over. */
	void release() {
		if (this.kcp != null) {
			this.kcp.release();
			this.kcp = null;
		}
	}

	/** KCP's output while unverified: remembered for the next probe, never sent. */
	private void withhold(ByteBuf segments, IKcp kcp) {
		try {
			int index = segments.readerIndex();
			if (segments.readableBytes() >= KcpSegments.HEADER) {
				this.wnd = segments.getUnsignedShortLE(index + 6);
				this.una = segments.getIntLE(index + 16);
			}
		}
		finally {
			segments.release();
		}
	}

}
