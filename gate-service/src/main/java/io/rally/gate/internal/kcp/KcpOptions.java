package io.rally.gate.internal.kcp;

import java.time.Duration;

/**
 * The KCP parameters of every conversation of one gate, in the terms of the KCP reference
 * implementation ({@code ikcp_nodelay}, {@code ikcp_wndsize}, {@code ikcp_setmtu}).
 *
 * @param noDelay whether the retransmission timeout starts low (30 ms) and grows by half, not double
 * @param interval the period of the KCP clock: retransmission and ack flushing granularity
 * @param fastResend retransmit a segment skipped by this many acks; 0 turns fast resend off
 * @param congestionControl whether KCP's congestion window applies (the reference's {@code nc=0})
 * @param sendWindow the most segments in flight towards one client
 * @param receiveWindow the most segments one client may have in flight towards the gate
 * @param mtu the largest datagram the gate sends, KCP header included
 * @param deadTimeout how long a conversation may receive nothing before it is reclaimed
 * @param deadLink how many times a segment is sent without an ack before the link is declared dead
 */
public record KcpOptions(boolean noDelay, Duration interval, int fastResend, boolean congestionControl,
		int sendWindow, int receiveWindow, int mtu, Duration deadTimeout, int deadLink) {

	/** The KCP header of each segment. */
	static final int OVERHEAD = 24;

	/** Tuned for games: low latency over bandwidth fairness. */
	public static final KcpOptions GAME = new KcpOptions(true, Duration.ofMillis(10), 2, false, 128, 128, 1400,
			Duration.ofSeconds(30), 20);

	public KcpOptions {
		long intervalMillis = interval.toMillis();
		if (intervalMillis < 10 || intervalMillis > 5000) {
			throw new IllegalArgumentException("interval: " + interval + " (expected: 10 ms to 5 s, the range KCP supports)");
		}
		if (fastResend < 0) {
			throw new IllegalArgumentException("fastResend: " + fastResend + " (expected: >= 0)");
		}
		if (sendWindow < 1 || receiveWindow < 1) {
			throw new IllegalArgumentException(
					"sendWindow/receiveWindow: " + sendWindow + "/" + receiveWindow + " (expected: > 0)");
		}
		if (mtu < 50 || mtu > 65000) {
			throw new IllegalArgumentException("mtu: " + mtu + " (expected: 50 to 65000)");
		}
		if (deadTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("deadTimeout: " + deadTimeout + " (expected: > 0)");
		}
		if (deadLink < 1) {
			throw new IllegalArgumentException("deadLink: " + deadLink + " (expected: > 0)");
		}
	}

	/** The largest payload of one segment. */
	int mss() {
		return this.mtu - OVERHEAD;
	}

}
