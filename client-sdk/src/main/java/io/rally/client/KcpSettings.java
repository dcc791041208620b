package io.rally.client;

import java.time.Duration;

/**
 * KCP parameters of a {@link ClientTransport#KCP} client, in the terms of the KCP reference
 * implementation. {@link #DEFAULTS} equal the gate's defaults ({@code rally.gate.kcp.*}): tuned
 * for games, latency before bandwidth. Both ends should use the same values. Immutable.
 *
 * @param noDelay whether the retransmission timeout starts low (30 ms) and grows by half, not double
 * @param interval the period of the KCP clock (10 ms to 5 s)
 * @param fastResend retransmit a segment skipped by this many acks; 0 turns fast resend off
 * @param congestionControl whether KCP's congestion window applies (the reference's {@code nc=0})
 * @param sendWindow the most segments in flight towards the gate
 * @param receiveWindow the most segments the gate may have in flight towards the client
 * @param mtu the largest datagram sent, KCP header included, in bytes
 */
public record KcpSettings(boolean noDelay, Duration interval, int fastResend, boolean congestionControl,
		int sendWindow, int receiveWindow, int mtu) {

	/** nodelay 1, interval 10 ms, fast resend 2, no congestion control, windows 128/128, MTU 1400. */
	public static final KcpSettings DEFAULTS = new KcpSettings(true, Duration.ofMillis(10), 2, false, 128, 128,
			1400);

	public KcpSettings {
		if (interval == null || interval.toMillis() < 10 || interval.toMillis() > 5000) {
			throw new IllegalArgumentException("interval: " + interval + " (expected: 10 ms to 5 s)");
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

}
