package io.rally.gate.internal.kcp;

import java.time.Duration;

import io.rally.protocol.KcpSettings;

/**
 * The KCP parameters of every conversation of one gate: the {@link KcpSettings} its clients
 * share, and how the gate gives up on a conversation.
 *
 * @param settings the KCP tuning, which clients should match
 * @param deadTimeout how long a conversation may receive nothing before it is reclaimed
 * @param deadLink how many times a segment is sent without an ack before the link is declared dead
 */
public record KcpOptions(KcpSettings settings, Duration deadTimeout, int deadLink) {

	/** Tuned for games: low latency over bandwidth fairness. */
	public static final KcpOptions GAME = new KcpOptions(KcpSettings.DEFAULTS, Duration.ofSeconds(30), 20);

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
	}

}
