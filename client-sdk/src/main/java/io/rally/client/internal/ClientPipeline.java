package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.rally.client.CloseEvent;

/**
 * Names of the client's pipeline handlers, and the part of the pipeline every transport shares.
 *
 * <p>Inbound order (outbound runs the other way); the WebSocket-only entries are marked:
 * <pre>
 * tls                      TLS (only with TLS)
 * tls-ready                holds channelActive until the TLS handshake; fails the open on failure
 * flush-consolidation      batches the flushes of many small writes into few syscalls
 * http-codec          (WS) HTTP for the handshake; Netty swaps it for the WebSocket codec after
 * http-aggregator     (WS) whole handshake response
 * ws-protocol         (WS) handshake, control frames, closing handshake
 * ws-frame-aggregator (WS) joins continuation frames
 * kcp                (KCP) datagrams to the conversation's byte stream and back, KCP's clock
 * frame-decoder            bytes or binary frames to packet bodies
 * packet-decoder           packet bodies to Packet / Heartbeat
 * frame-encoder            Packet / Heartbeat to bytes or binary frames
 * idle                     emits reader-idle after 2 x heartbeat interval (only with heartbeats)
 * ready                    emits LinkReady once packets can flow (TCP: connected; WS: handshake done)
 * heartbeat                sends heartbeats, swallows the gate's, closes on reader-idle (only with heartbeats)
 * link                     completes the open future and hands packets to the LinkListener
 * </pre>
 */
final class ClientPipeline {

	static final String TLS = "tls";

	static final String TLS_READY = "tls-ready";

	static final String FLUSH_CONSOLIDATION = "flush-consolidation";

	static final String HTTP_CODEC = "http-codec";

	static final String HTTP_AGGREGATOR = "http-aggregator";

	static final String WS_PROTOCOL = "ws-protocol";

	static final String WS_FRAME_AGGREGATOR = "ws-frame-aggregator";

	static final String KCP = "kcp";

	static final String FRAME_DECODER = "frame-decoder";

	static final String PACKET_DECODER = "packet-decoder";

	static final String FRAME_ENCODER = "frame-encoder";

	static final String IDLE = "idle";

	static final String READY = "ready";

	static final String HEARTBEAT = "heartbeat";

	static final String LINK = "link";

	/** Why the channel is closing, set by whoever closes it first. */
	static final AttributeKey<CloseEvent.Reason> CLOSE_REASON = AttributeKey.valueOf("rally.client.closeReason");

	/** Flushes counted before a flush is forced even while more are queued. */
	private static final int EXPLICIT_FLUSH_AFTER_FLUSHES = 256;

	private ClientPipeline() {
	}

	/** Adds TLS at the very head, so that flushes are consolidated before they are encrypted. */
	static void addTls(ChannelPipeline pipeline, ChannelHandler sslHandler, ChannelHandler readyHandler) {
		pipeline.addLast(TLS, sslHandler);
		pipeline.addLast(TLS_READY, readyHandler);
	}

	static void addHead(ChannelPipeline pipeline) {
		pipeline.addLast(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER_FLUSHES, true));
	}

	/** Adds the framing of packets on a byte stream (TCP, or the stream KCP delivers). */
	static void addStreamCodec(ChannelPipeline pipeline, ChannelHandler frameDecoder, ChannelHandler packetDecoder,
			ChannelHandler frameEncoder) {
		pipeline.addLast(FRAME_DECODER, frameDecoder);
		pipeline.addLast(PACKET_DECODER, packetDecoder);
		pipeline.addLast(FRAME_ENCODER, frameEncoder);
	}

	static void addTail(ChannelPipeline pipeline, ClientConfig config, boolean readyOnHandshake,
			LinkListener listener, CompletableFuture<Link> opened) {
		long intervalNanos = config.heartbeatInterval().toNanos();
		if (intervalNanos > 0) {
			pipeline.addLast(IDLE, new IdleStateHandler(2 * intervalNanos, 0, 0, TimeUnit.NANOSECONDS));
		}
		pipeline.addLast(READY, new LinkReadyHandler(readyOnHandshake));
		if (intervalNanos > 0) {
			pipeline.addLast(HEARTBEAT, new HeartbeatHandler(intervalNanos));
		}
		pipeline.addLast(LINK, new LinkHandler(listener, opened));
	}

}
