package io.rally.gate.internal.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.MessageAggregationException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.WebSocketUpgrade;
import io.rally.protocol.Frame;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.ProtocolExceptions;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;
import io.rally.testsupport.FuzzStats;
import io.rally.testsupport.TrackingAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a WebSocket client sends the gate after the upgrade: the gate's WebSocket pipeline
 * as {@link WsChannelInitializer} builds it (HTTP codec and aggregator, {@link HandshakeGuard},
 * Netty's protocol handler with the gate's {@link WebSocketUpgrade#config}, the frame
 * aggregator, {@link WebSocketFrameDecoder}, {@link PacketDecoder}, the encoder) in a channel
 * that first completes a real handshake, then reads the input as the client's byte stream:
 * masked frames, control frames, continuations and garbage.
 *
 * <p>Input layout: byte 0 is the chunk size the bytes arrive in (0: all at once); byte 1 bits
 * 0-1 pick the frame limit ({@code rally.gate.ws.max-frame-size}): the default (a whole
 * packet), 64 bytes, 16 KiB (more than a packet: the codec must refuse what Netty lets through)
 * or 1 byte; the rest is the stream. Protocol settings are due's defaults.
 *
 * <p>Checked for every input: every failure is one the gate counts as bad input (a
 * {@link io.rally.protocol.ProtocolException}, Netty's {@link CorruptedWebSocketFrameException}
 * or {@link TooLongFrameException}, fragments out of order that the aggregator reports as a
 * {@link MessageAggregationException}) or as the client leaving in the middle of a message
 * ({@link PrematureChannelClosureException}, when the stream ends), never anything else; every packet that comes out fits both
 * the frame limit and the packet limit; no buffer is asked for beyond the frame limit plus what
 * Netty cumulates from the reads; every buffer is released.
 */
class WebSocketFramesFuzzTest {

	private static final String PATH = "/game";

	private static final byte[] UPGRADE = ("GET " + PATH + " HTTP/1.1\r\nHost: gate.example\r\nUpgrade: websocket\r\n"
			+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private static final int PACKET_FRAME_BYTES = ProtocolSettings.SIZE_FIELD_BYTES + CODEC.settings().maxSize();

	private static final int[] FRAME_LIMITS = { PACKET_FRAME_BYTES, 64, 16 * 1024, 1 };

	/** ByteToMessageDecoder's default: read bytes may stay in the cumulation for this many reads. */
	private static final int DISCARD_AFTER_READS = 16;

	/** The longest WebSocket frame header: 2 bytes, an 8-byte length and a 4-byte mask. */
	private static final int MAX_FRAME_HEADER = 14;

	private static final FuzzStats stats = new FuzzStats("WebSocket frames (gate WebSocket pipeline)");

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void frames(byte[] input) {
		if (input.length < 2) {
			return;
		}
		int chunk = (input[0] & 0xff) == 0 ? Math.max(1, input.length - 2) : input[0] & 0xff;
		int maxFrameBytes = FRAME_LIMITS[input[1] & 3];

		TrackingAllocator allocator = new TrackingAllocator();
		Recorder recorder = new Recorder();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.config().setAllocator(allocator);
		addWebSocketCodec(channel.pipeline(), maxFrameBytes);
		channel.pipeline().addLast(recorder);
		try {
			upgrade(channel, allocator);
			for (int offset = 2; offset < input.length && channel.isOpen(); offset += chunk) {
				int length = Math.min(chunk, input.length - offset);
				channel.writeInbound(allocator.input(input, offset, length, offset % 3));
				releaseOutbound(channel);
			}
		}
		finally {
			channel.finishAndReleaseAll();
		}
		recorder.assertNothingUnexpected();
		int largestPacket = Math.min(maxFrameBytes, PACKET_FRAME_BYTES);
		for (Frame frame : recorder.frames) {
			if (CODEC.encodedLength(frame) > largestPacket) {
				throw new AssertionError(frame + " takes " + CODEC.encodedLength(frame)
						+ " bytes on the wire, more than the limit of " + largestPacket);
			}
		}
		int bound = TrackingAllocator.roundedCapacity(Math.max(maxFrameBytes, PACKET_FRAME_BYTES)
				+ DISCARD_AFTER_READS * (chunk + MAX_FRAME_HEADER));
		if (allocator.largestRequest() > bound) {
			throw new AssertionError("asked for a buffer of " + allocator.largestRequest() + " bytes; the bound is "
					+ bound + " for a frame limit of " + maxFrameBytes + " and chunks of " + chunk);
		}
		allocator.assertAllReleased();
		stats.record(allocator.largestRequest(), bound);
	}

	@AfterAll
	static void printStats() {
		stats.print();
	}

	/** The middle of the pipeline {@link WsChannelInitializer#initChannel} builds, in its order. */
	private static void addWebSocketCodec(ChannelPipeline pipeline, int maxFrameBytes) {
		GatePipeline.addHttpHandshake(pipeline);
		pipeline.addLast(GatePipeline.HANDSHAKE_GUARD, new HandshakeGuard(PATH, List.of()));
		pipeline.addLast(GatePipeline.WS_PROTOCOL,
				new WebSocketServerProtocolHandler(WebSocketUpgrade.config(PATH, 10_000, maxFrameBytes)));
		pipeline.addLast(GatePipeline.WS_AGGREGATOR, new WebSocketFrameAggregator(maxFrameBytes));
		pipeline.addLast(GatePipeline.WS_FRAME_DECODER, new WebSocketFrameDecoder(CODEC));
		pipeline.addLast(GatePipeline.PACKET_DECODER, new PacketDecoder(CODEC));
		pipeline.addLast(GatePipeline.WS_FRAME_ENCODER, new WebSocketFrameEncoder(CODEC));
	}

	private static void upgrade(EmbeddedChannel channel, TrackingAllocator allocator) {
		channel.writeInbound(allocator.input(UPGRADE, 0, UPGRADE.length, 0));
		ByteBuf response = channel.readOutbound();
		try {
			String status = (response != null) ? response.toString(StandardCharsets.US_ASCII) : "nothing";
			if (!status.startsWith("HTTP/1.1 101")) {
				throw new IllegalStateException("the upgrade was not accepted: " + status);
			}
		}
		finally {
			ReferenceCountUtil.release(response);
		}
		releaseOutbound(channel);
	}

	/** Pongs and close frames the gate answered with. */
	private static void releaseOutbound(EmbeddedChannel channel) {
		for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
			ReferenceCountUtil.release(message);
		}
	}

	/** The end of the pipeline: keeps the frames, and failures the gate would not count as bad input. */
	static final class Recorder extends ChannelInboundHandlerAdapter {

		final List<Frame> frames = new ArrayList<>();

		private final List<Throwable> unexpected = new ArrayList<>();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof Frame frame) {
				this.frames.add(frame);
			}
			else {
				ReferenceCountUtil.release(msg);
				this.unexpected.add(new AssertionError("a " + msg.getClass().getName() + " came out of the decoders"));
			}
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
			ReferenceCountUtil.release(evt);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// what GateExceptionHandler counts as bad input, or as the client going away mid-message
			boolean expected = ProtocolExceptions.find(cause) != null || cause instanceof CorruptedWebSocketFrameException
					|| cause instanceof TooLongFrameException || cause instanceof PrematureChannelClosureException
					|| cause.getCause() instanceof MessageAggregationException;
			if (!expected) {
				this.unexpected.add(cause);
			}
			// as the gate's exception handler does for bad input
			ctx.close();
		}

		void assertNothingUnexpected() {
			if (!this.unexpected.isEmpty()) {
				AssertionError error = new AssertionError("not a documented failure for bad input: " + this.unexpected.get(0),
						this.unexpected.get(0));
				this.unexpected.stream().skip(1).forEach(error::addSuppressed);
				throw error;
			}
		}

	}

}
