package io.rally.gate.internal;

import java.io.IOException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol errors close the connection, are counted once, and reach a WebSocket client as a
 * close frame with the right status.
 */
class GateExceptionHandlerTest {

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final GateMetrics metrics = new GateMetrics(this.meters);

	@Test
	void oversizedStreamPacketClosesAndIsCounted() {
		EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(CODEC), new PacketDecoder(CODEC),
				new GateExceptionHandler(this.metrics, false));
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0x7f, 0, 0, 0, 1 }));
		assertThat(channel.isOpen()).isFalse();
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS, "reason", "oversized")).isEqualTo(1);
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS)).isEqualTo(1);
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	@Test
	void webSocketTextFrameGetsProtocolErrorClose() {
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameDecoder(CODEC),
				new GateExceptionHandler(this.metrics, true));
		channel.writeInbound(new TextWebSocketFrame("hello"));
		CloseWebSocketFrame close = channel.readOutbound();
		try {
			assertThat(close.statusCode()).isEqualTo(1002);
		}
		finally {
			close.release();
		}
		assertThat(channel.isOpen()).isFalse();
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS, "reason", "unsupported_frame")).isEqualTo(1);
		channel.finishAndReleaseAll();
	}

	@Test
	void ioErrorsCloseQuietlyWithoutCounting() {
		EmbeddedChannel channel = new EmbeddedChannel(new GateExceptionHandler(this.metrics, false));
		channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
		assertThat(channel.isOpen()).isFalse();
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS)).isZero();
	}

	@Test
	void fragmentsOutOfOrderAreMalformedInput() {
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameAggregator(1024),
				new GateExceptionHandler(this.metrics, true));
		channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { 0, 0 })));
		// a new message while the first is unfinished (found by fuzzing: Netty's frame decoder
		// does not catch every such sequence)
		channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { 0, 1 })));
		CloseWebSocketFrame close = channel.readOutbound();
		try {
			assertThat(close.statusCode()).isEqualTo(1002);
		}
		finally {
			close.release();
		}
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS, "reason", "malformed")).isEqualTo(1);
		channel.finishAndReleaseAll();
	}

	@Test
	void aClientLeavingInTheMiddleOfAFragmentedMessageClosesNormally() {
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameAggregator(1024),
				new GateExceptionHandler(this.metrics, true));
		channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { 0, 0 })));
		// the aggregator reports the unfinished message as it goes inactive (found by fuzzing)
		channel.close();
		assertThat(CloseReason.of(channel)).isEqualTo(CloseReason.NORMAL);
		assertThat(Meters.count(this.meters, GateMetrics.DECODE_ERRORS)).isZero();
	}

	@Test
	void tcpPipelineDecodesAWholePacketSplitAcrossReads() {
		EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(CODEC), new PacketDecoder(CODEC),
				new GateExceptionHandler(this.metrics, false));
		ByteBuf first = Unpooled.wrappedBuffer(new byte[] { 0, 0, 0, 6, 0, 0 });
		ByteBuf second = Unpooled.wrappedBuffer(new byte[] { 1, 0, 7, 9 });
		assertThat(channel.writeInbound(first)).isFalse();
		assertThat(channel.writeInbound(second)).isTrue();
		io.rally.protocol.Packet packet = channel.readInbound();
		assertThat(packet.route()).isEqualTo(1);
		assertThat(packet.seq()).isEqualTo(7);
		assertThat(packet.payload()).containsExactly(9);
		assertThat(channel.finish()).isFalse();
	}

}
