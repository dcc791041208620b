package io.rally.gate.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.rally.gate.api.HeartbeatMechanism;
import io.rally.gate.internal.admission.PerIpLimits;
import io.rally.gate.internal.admission.TrustedProxies;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.limits.RateLimits;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.protocol.codec.PacketCodec;

/**
 * Everything the pipeline of a client connection needs, shared by the gate's transports.
 *
 * @param codec the wire codec
 * @param heartbeatInterval the heartbeat interval; zero turns heartbeats and idle detection off
 * @param heartbeatMechanism who sends heartbeats
 * @param heartbeatWithTime whether gate heartbeats carry the gate's clock
 * @param heartbeatTimeUnit the unit of that clock value
 * @param authorizeTimeout how long a connection may stay without a bound user; zero is off
 * @param maxPendingBytes the outbound bytes a connection may have queued before it is closed
 * @param sessions the gate's connections
 * @param dispatcher sends client packets to nodes
 * @param metrics the gate's meters
 * @param limit the connection limit shared by all transports
 * @param perIp the limits per client address, shared by the TCP and WebSocket transports
 * @param proxies the PROXY protocol setting: off, or the trusted proxies
 * @param rateLimits the inbound rate limits of each connection
 */
public record GateChannelSettings(PacketCodec codec, Duration heartbeatInterval,
		HeartbeatMechanism heartbeatMechanism, boolean heartbeatWithTime, TimeUnit heartbeatTimeUnit,
		Duration authorizeTimeout, int maxPendingBytes, SessionManager sessions, Dispatcher dispatcher,
		GateMetrics metrics, ConnectionLimit limit, PerIpLimits perIp, TrustedProxies proxies, RateLimits rateLimits) {

	public GateChannelSettings {
		if (heartbeatInterval.isNegative()) {
			throw new IllegalArgumentException("heartbeatInterval: " + heartbeatInterval + " (expected: >= 0)");
		}
		if (authorizeTimeout.isNegative()) {
			throw new IllegalArgumentException("authorizeTimeout: " + authorizeTimeout + " (expected: >= 0)");
		}
		if (maxPendingBytes < 1) {
			throw new IllegalArgumentException("maxPendingBytes: " + maxPendingBytes + " (expected: > 0)");
		}
		if (heartbeatTimeUnit != TimeUnit.MILLISECONDS && heartbeatTimeUnit != TimeUnit.NANOSECONDS) {
			throw new IllegalArgumentException(
					"heartbeatTimeUnit: " + heartbeatTimeUnit + " (expected: MILLISECONDS or NANOSECONDS)");
		}
	}

}
