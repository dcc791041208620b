package io.rally.gate.internal.metrics;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why the gate closed a connection; {@link #tag()} is the {@code reason} tag of the
 * closed-connections metric. The first reason given wins, so a connection closed for a
 * protocol error is not recounted as a normal close when its socket goes away.
 */
public enum CloseReason {

	/** The client went away, or nothing else was recorded. */
	NORMAL("normal"),

	HEARTBEAT_TIMEOUT("heartbeat_timeout"),

	AUTHORIZE_TIMEOUT("authorize_timeout"),

	MAX_CONNECTIONS("max_connections"),

	/** The client's address had as many connections open as one address may. */
	PER_IP_LIMIT("per_ip_limit"),

	/** The client's address opened new connections faster than one address may. */
	CONNECTION_RATE("connection_rate"),

	/**
	 * A PROXY protocol header from an address that is not a trusted proxy, or a trusted proxy's
	 * connection without a well-formed header in time.
	 */
	PROXY_PROTOCOL("proxy_protocol"),

	SLOW_CONSUMER("slow_consumer"),

	PROTOCOL_ERROR("protocol_error"),

	/** The TLS handshake failed or timed out: a plaintext client on a TLS port, for example. */
	TLS_HANDSHAKE("tls_handshake"),

	/** A node asked for the connection or its user to be disconnected. */
	KICKED("kicked"),

	/** The connection's user was bound to a newer connection, on this gate or another. */
	DUPLICATE_LOGIN("duplicate_login"),

	SHUTDOWN("shutdown"),

	/** The client sent faster than its rate limit, and the action is to close. */
	RATE_LIMITED("rate_limited"),

	/** The operator redirected the transparent backend the connection was relayed to. */
	DRAINED("drained"),

	/** The transparent gateway refused the client; why is counted in the relay metrics. */
	RELAY_REFUSED("relay_refused"),

	/** A KCP conversation that carried nothing for longer than the idle timeout. */
	KCP_IDLE("kcp_idle"),

	/** A KCP conversation whose segments went unacknowledged past the dead-link limit. */
	KCP_DEAD_LINK("kcp_dead_link"),

	/** An unexpected failure in the gate or the socket. */
	ERROR("error");

	private static final AttributeKey<CloseReason> KEY = AttributeKey.valueOf(CloseReason.class, "reason");

	private final String tag;

	CloseReason(String tag) {
		this.tag = tag;
	}

	/** The metric tag, in snake case. */
	public String tag() {
		return this.tag;
	}

	/** Records this reason on {@code channel} unless one was recorded before, then closes it. */
	public void close(Channel channel) {
		record(channel);
		channel.close();
	}

	/** Records this reason on {@code channel} unless one was recorded before. */
	public void record(Channel channel) {
		channel.attr(KEY).setIfAbsent(this);
	}

	/** The recorded reason, {@link #NORMAL} if none. */
	public static CloseReason of(Channel channel) {
		CloseReason reason = channel.attr(KEY).get();
		return (reason != null) ? reason : NORMAL;
	}

}
