package io.rally.gate.internal;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.rally.gate.internal.admission.ClientAddress;
import io.rally.gate.internal.admission.PerIpLimits;
import io.rally.gate.internal.admission.ProxyHeaderGuard;
import io.rally.gate.internal.admission.ProxyHeaderHandler;
import io.rally.gate.internal.metrics.CloseReason;

/**
 * The names and order of the handlers in a client connection's pipeline, for every
 * transport. Transports differ only in the middle section, which turns bytes into
 * {@link io.rally.protocol.Frame}s and back; the head and tail are shared:
 *
 * <pre>
 *  proxy {@value #PROXY_DECODER}       from a trusted proxy: its PROXY header (v1 or v2); removed
 *        {@value #PROXY_HEADER}        records the client it names, builds the rest; removed
 *        {@value #PROXY_GUARD}         from anyone else: refuses a PROXY header; removed at the
 *                                    first other byte (with rally.gate.proxy-protocol on; TCP, WS)
 *  tls   {@value #TLS}                 TLS, with the certificate current at accept (if on)
 *        {@value #TLS_HANDSHAKE}       holds channelActive until the handshake; closes on failure
 *  head  {@value #IDLE_STATE}          reader-idle events after two heartbeat intervals (if on)
 *  tcp   {@value #FRAME_DECODER}       stream to packet bodies, size checked before buffering
 *        {@value #PACKET_DECODER}      body to Packet / Heartbeat
 *        {@value #PACKET_ENCODER}      Frame to bytes
 *  ws    {@value #HTTP_CODEC}          HTTP/1.1 for the handshake
 *        {@value #HTTP_AGGREGATOR}     the whole handshake request
 *        {@value #HANDSHAKE_GUARD}     path and Origin checks (404 / 403)
 *        {@value #WS_PROTOCOL}         handshake, control frames, frame size limit
 *        {@value #WS_AGGREGATOR}       continuation frames, same limit
 *        {@value #WS_FRAME_DECODER}    binary frame to packet body; anything else is an error
 *        {@value #PACKET_DECODER}      body to Packet / Heartbeat
 *        {@value #WS_FRAME_ENCODER}    Frame to binary frame
 *  kcp   (KCP runs in the conversation's channel, which reads and writes its byte stream)
 *        {@value #FRAME_DECODER}       stream to packet bodies, as for tcp
 *        {@value #PACKET_DECODER}      body to Packet / Heartbeat
 *        {@value #PACKET_ENCODER}      Frame to bytes, handed to KCP
 *  tail  {@value #SLOW_CONSUMER}       closes a connection that stops reading
 *        {@value #SESSION}             opens and closes the Session
 *        {@value #AUTHORIZE_TIMEOUT}   closes a connection without a user in time (if on)
 *        {@value #HEARTBEAT}           heartbeat policy: answer, tick, close when idle
 *        {@value #RATE_LIMIT}          per-connection rate limits: slows the reader, or closes (if on)
 *        {@value #DISPATCH}            data packets to nodes, in order; holds them and pauses
 *                                      reading while their node is busy or too many are in flight
 *        {@value #EXCEPTIONS}          closes on errors, counts protocol errors
 * </pre>
 *
 * Handlers in the tail write {@link io.rally.protocol.Frame}s, so they must stay behind the
 * encoders.
 *
 * <p>A transparent gate ({@code rally.gate.mode=transparent}) parses no packets; its client
 * connections carry, behind the same proxy and tls sections (see
 * {@code io.rally.gate.internal.relay.RelayPipeline}):
 *
 * <pre>
 *  head  {@value #RELAY_HANDSHAKE_TIMEOUT}   refuses a client that names no backend in time
 *  tcp   {@value #RELAY_FIRST_PACKET}        the length-prefixed first packet, then removed
 *  ws    {@value #HTTP_CODEC}, {@value #HTTP_AGGREGATOR}, {@value #WS_PROTOCOL}   as above
 *        {@value #RELAY_WS_BRIDGE}           binary frames to bytes and back
 *        {@value #RELAY_WS_BACKEND_HEADER}   the upgrade header that names the backend, then removed
 *  tail  {@value #RELAY_CONNECTOR}           resolves and dials the backend, then becomes
 *        {@value #RELAY_PUMP}                bytes to the backend, with back-pressure and half-close
 * </pre>
 *
 * The backend's channel carries only a {@value #RELAY_PUMP}. Both channels of a relay share one
 * event loop; with nothing but pumps in either pipeline they are spliced in the kernel.
 */
public final class GatePipeline {

	public static final String PROXY_DECODER = "proxyDecoder";

	public static final String PROXY_HEADER = "proxyHeader";

	public static final String PROXY_GUARD = "proxyGuard";

	public static final String TLS = "tls";

	public static final String TLS_HANDSHAKE = "tlsHandshake";

	public static final String IDLE_STATE = "idleState";

	public static final String FRAME_DECODER = "frameDecoder";

	public static final String PACKET_DECODER = "packetDecoder";

	public static final String PACKET_ENCODER = "packetEncoder";

	public static final String HTTP_CODEC = "httpCodec";

	public static final String HTTP_AGGREGATOR = "httpAggregator";

	public static final String HANDSHAKE_GUARD = "handshakeGuard";

	public static final String WS_PROTOCOL = "wsProtocol";

	public static final String WS_AGGREGATOR = "wsAggregator";

	public static final String WS_FRAME_DECODER = "wsFrameDecoder";

	public static final String WS_FRAME_ENCODER = "wsFrameEncoder";

	public static final String SLOW_CONSUMER = "slowConsumer";

	public static final String SESSION = "session";

	public static final String AUTHORIZE_TIMEOUT = "authorizeTimeout";

	public static final String HEARTBEAT = "heartbeat";

	public static final String RATE_LIMIT = "rateLimit";

	public static final String DISPATCH = "dispatch";

	public static final String EXCEPTIONS = "exceptions";

	public static final String RELAY_HANDSHAKE_TIMEOUT = "relayHandshakeTimeout";

	public static final String RELAY_FIRST_PACKET = "relayFirstPacket";

	public static final String RELAY_WS_BRIDGE = "relayWsBridge";

	public static final String RELAY_WS_BACKEND_HEADER = "relayWsBackendHeader";

	public static final String RELAY_CONNECTOR = "relayConnector";

	public static final String RELAY_PUMP = "relayPump";

	/** A handshake request is headers only; anything bigger is not a client of ours. */
	private static final int MAX_HANDSHAKE_BYTES = 8192;

	/**
	 * The PROXY v2 extensions (TLVs) a trusted proxy may send: cloud load balancers add a few
	 * small ones (a VPC endpoint id, say); the gate reads none.
	 */
	private static final int MAX_PROXY_TLV_BYTES = 4096;

	private GatePipeline() {
	}

	/**
	 * Counts a freshly accepted connection and enforces the connection limits: the per-address
	 * ones (for TCP connections, whose source address the handshake proved; see
	 * {@link ClientAddress}), then the gate's. A connection over a limit is closed and counted as
	 * closed for that reason, but never as opened.
	 * @return {@code false} if the connection was over a limit and is being closed; its
	 * pipeline should then not be built
	 */
	public static boolean admit(Channel channel, String transport, GateChannelSettings settings) {
		PerIpLimits perIp = settings.perIp();
		InetAddress ip = (channel instanceof SocketChannel && !perIp.isOff()) ? ClientAddress.ipOf(channel) : null;
		if (ip != null) {
			CloseReason refused = perIp.tryAcquire(ip);
			if (refused != null) {
				settings.metrics().connectionRejected(transport, refused);
				refused.close(channel);
				return false;
			}
		}
		if (!settings.limit().tryAcquire()) {
			if (ip != null) {
				perIp.release(ip);
			}
			settings.metrics().connectionRejected(transport, CloseReason.MAX_CONNECTIONS);
			CloseReason.MAX_CONNECTIONS.close(channel);
			return false;
		}
		settings.metrics().connectionOpened(transport);
		channel.closeFuture().addListener((future) -> {
			settings.limit().release();
			if (ip != null) {
				perIp.release(ip);
			}
			settings.metrics().connectionClosed(transport, CloseReason.of(channel));
		});
		return true;
	}

	/**
	 * Adds the PROXY protocol decoder of a connection from a trusted proxy, and {@code header},
	 * which builds the rest of the pipeline once the decoder has read the header.
	 */
	static void addProxyHeader(ChannelPipeline pipeline, ProxyHeaderHandler header) {
		pipeline.addLast(PROXY_DECODER, new HAProxyMessageDecoder(MAX_PROXY_TLV_BYTES));
		pipeline.addLast(PROXY_HEADER, header);
	}

	/** Adds the guard that refuses a PROXY header from a connection that is not a trusted proxy's. */
	static void addProxyGuard(ChannelPipeline pipeline) {
		pipeline.addLast(PROXY_GUARD, new ProxyHeaderGuard());
	}

	/**
	 * Adds TLS; it must be the first thing in the pipeline after the PROXY protocol handlers,
	 * before {@link #admit} and {@link #addHead} run, so that everything behind it sees plaintext.
	 */
	public static void addTls(ChannelPipeline pipeline, ChannelHandler sslHandler, ChannelHandler handshakeHandler) {
		pipeline.addLast(TLS, sslHandler);
		pipeline.addLast(TLS_HANDSHAKE, handshakeHandler);
	}

	/** Adds the handlers in front of the transport's codec. */
	public static void addHead(ChannelPipeline pipeline, GateChannelSettings settings) {
		long intervalMillis = settings.heartbeatInterval().toMillis();
		if (intervalMillis > 0) {
			pipeline.addLast(IDLE_STATE, new IdleStateHandler(2 * intervalMillis, 0, 0, TimeUnit.MILLISECONDS));
		}
	}

	/**
	 * Adds the codec of a transport that carries packets on a byte stream (tcp, kcp). The
	 * frame decoder keeps state, so it must be new per channel; the others may be shared.
	 */
	public static void addStreamCodec(ChannelPipeline pipeline, ChannelHandler frameDecoder,
			ChannelHandler packetDecoder, ChannelHandler packetEncoder) {
		pipeline.addLast(FRAME_DECODER, frameDecoder);
		pipeline.addLast(PACKET_DECODER, packetDecoder);
		pipeline.addLast(PACKET_ENCODER, packetEncoder);
	}

	/** Adds HTTP/1.1 for a WebSocket upgrade: the codec and the aggregated handshake request. */
	public static void addHttpHandshake(ChannelPipeline pipeline) {
		pipeline.addLast(HTTP_CODEC, new HttpServerCodec());
		pipeline.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
	}

	/** Adds the handlers behind the transport's codec. */
	public static void addTail(ChannelPipeline pipeline, GateChannelSettings settings, String transport,
			boolean webSocket) {
		pipeline.addLast(SLOW_CONSUMER, SlowConsumerHandler.INSTANCE);
		pipeline.addLast(SESSION, new SessionHandler(settings.sessions(), transport, webSocket));
		if (settings.authorizeTimeout().toNanos() > 0) {
			pipeline.addLast(AUTHORIZE_TIMEOUT, new AuthorizeTimeoutHandler(settings.authorizeTimeout().toNanos()));
		}
		pipeline.addLast(HEARTBEAT, new HeartbeatHandler(settings.heartbeatMechanism(),
				settings.heartbeatInterval().toNanos(), settings.heartbeatWithTime(), settings.heartbeatTimeUnit()));
		if (settings.rateLimits().enabled()) {
			pipeline.addLast(RATE_LIMIT, new RateLimitHandler(settings.rateLimits(), settings.metrics()));
		}
		pipeline.addLast(DISPATCH, new DispatchHandler(settings.dispatcher(), settings.metrics()));
		pipeline.addLast(EXCEPTIONS, new GateExceptionHandler(settings.metrics(), webSocket));
	}

}
