package io.rally.gate.internal.kcp;

import java.time.Duration;

import io.rally.protocol.KcpSettings;

/**
 * The KCP parameters of every conversation of one gate: the {@link KcpSettings} its clients
 * share, how the gate gives up on a conversation, and how it holds conversations whose source
 * address is not proven yet (see {@link KcpHandshake}).
 *
 * @param settings the KCP tuning, which clients should match
 * @param deadTimeout how long a conversation may receive nothing before it is reclaimed
 * @param deadLink how many times a segment is sent without an ack before the link is declared dead
 * @param handshakeTimeout how long a new conversation may take to acknowledge the gate's probe
 * @param maxUnverified the most conversations waiting for that acknowledgement at once
 * @param maxUnverifiedPerSource the most of those from one IP address
 */
public record KcpOptions(KcpSettings settings, Duration deadTimeout, int deadLink, Duration handshakeTimeout,
		int maxUnverified, int maxUnverifiedPerSource) {

	/** Tuned for games: low latency over bandwidth fairness. */
	public static final KcpOptions GAME = new KcpOptions(KcpSettings.DEFAULTS, Duration.ofSeconds(30), 20,
			Duration.ofSeconds(5), 1024, 8);

	public KcpOptions {
		if (settings == null) {
			throw new IllegalArgumentException("settings: null (expected: KCP settings)");
		}
		if (deadTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("deadTimeout: " + deadTimeout + " (expected: > 0)");
		}
		if (deadLink < 1) {
			throw new IllegalArgumentException("deadLink: " + deadLink + " (expected: > 0)");
		}
		if (handshakeTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
		}
		if (maxUnverified < 1) {
			throw new IllegalArgumentException("maxUnverified: " + maxUnverified + " (expected: > 0)");
		}
		if (maxUnverifiedPerSource < 1) {
			throw new IllegalArgumentException(
					"maxUnverifiedPerSource: " + maxUnverifiedPerSource + " (expected: > 0)");
		}
	}

}
