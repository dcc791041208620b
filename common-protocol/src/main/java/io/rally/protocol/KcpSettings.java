package io.rally.protocol;

import java.time.Duration;

/**
 * The KCP parameters of a conversation, in the terms of the KCP reference implementation
 * ({@code ikcp_nodelay}, {@code ikcp_wndsize}, {@code ikcp_setmtu}). {@link #DEFAULTS} equal the
 * gate's defaults ({@code rally.gate.kcp.*}): tuned for games, latency before bandwidth. Client
 * and gate should use the same values. Immutable.
 *
 * @param noDelay whether the retransmission timeout starts low (30 ms) and grows by half, not double
 * @param interval the period of the KCP clock: retransmission and ack flushing granularity (10 ms to 5 s)
 * @param fastResend retransmit a segment skipped by this many acks; 0 turns fast resend off
 * @param congestionControl whether KCP's congestion window applies (the reference's {@code nc=0})
 * @param sendWindow the most segments this end has in flight towards its peer
 * @param receiveWindow the most segments the peer may have in flight towards this end
 * @param mtu the largest datagram sent, KCP header included, in bytes
 */
public record KcpSettings(boolean noDelay, Duration interval, int fastResend, boolean congestionControl,
		int sendWindow, int receiveWindow, int mtu) {

	/** Bytes of the KCP header in front of every segment. */
	public static final int SEGMENT_HEADER_BYTES = 24;

	/** nodelay 1, interval 10 ms, fast resend 2, no congestion control, windows 128/128, MTU 1400. */
	public static final KcpSettings DEFAULTS = new KcpSettings(true, Duration.ofMillis(10), 2, false, 128, 128,
			1400);

	public KcpSettings {
		if (interval == null || interval.toMillis() < 10 || interval.toMillis() > 5000) {
			throw new IllegalArgumentException(
					"interval: " + interval + " (expected: 10 ms to 5 s, the range KCP supports)");
		}
		if (fastResend < 0) {
			throw new IllegalArgumentException("fastResend: " + fastResend + " (expected: >= 0)");
		}
		if (sendWindow < 1) {
			throw new IllegalArgumentException("sendWindow: " + sendWindow + " (expected: > 0)");
		}
		if (receiveWindow < 1) {
			throw new IllegalArgumentException("receiveWindow: " + receiveWindow + " (expected: > 0)");
		}
		if (mtu < 50 || mtu > 65000) {
			throw new IllegalArgumentException("mtu: " + mtu + " (expected: 50 to 65000)");
		}
	}

	/** The largest payload of one segment: the MTU less the KCP header. */
	public int maxSegmentPayload() {
		return this.mtu - SEGMENT_HEADER_BYTES;
	}

}
