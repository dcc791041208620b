package io.rally.gate.internal.metrics;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why the gate closed a connection: the {@code reason} tag of the closed-connections metric.
 * The first reason given wins, so a connection closed for a protocol error is not recounted
 * as a normal close when its socket goes away.
 */
public final class CloseReason {

	/** The client went away, or nothing else was recorded. */
	public static final String NORMAL = "normal";

	public static final String HEARTBEAT_TIMEOUT = "heartbeat_timeout";

	public static final String AUTHORIZE_TIMEOUT = "authorize_timeout";

	public static final String MAX_CONNECTIONS = "max_connections";

	public static final String SLOW_CONSUMER = "slow_consumer";

	public static final String PROTOCOL_ERROR = "protocol_error";

	/** The TLS handshake failed or timed out: a plaintext client on a TLS port, for example. */
	public static final String TLS_HANDSHAKE = "tls_handshake";

	/** A node asked for the connection or its user to be disconnected. */
	public static final String KICKED = "kicked";

	/** The connection's user was bound to a newer connection. */
	public static final String DUPLICATE_LOGIN = "duplicate_login";

	public static final String SHUTDOWN = "shutdown";

	/** The operator redirected the transparent backend the connection was relayed to. */
	public static final String DRAINED = "drained";

	/** An unexpected failure in the gate or the socket. */
	public static final String ERROR = "error";

	private static final AttributeKey<String> KEY = AttributeKey.valueOf(CloseReason.class, "reason");

	private CloseReason() {
	}

	/** Records {@code reason} unless one was recorded before, then closes the channel. */
	public static void close(Channel channel, String reason) {
		record(channel, reason);
		channel.close();
	}

	/** Records {@code reason} unless one was recorded before. */
	public static void record(Channel channel, String reason) {
		channel.attr(KEY).setIfAbsent(reason);
	}

	/** The recorded reason, {@link #NORMAL} if none. */
	public static String of(Channel channel) {
		String reason = channel.attr(KEY).get();
		return (reason != null) ? reason : NORMAL;
	}

}
