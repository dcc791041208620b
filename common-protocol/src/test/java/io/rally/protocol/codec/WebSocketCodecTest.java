package io.rally.protocol.codec;

import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;
import org.junit.jupiter.api.Test;

import static io.rally.protocol.codec.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One packet per binary WebSocket frame, and the errors of everything else.
 */
class WebSocketCodecTest {

	private static final byte[] EXAMPLE = hex("00 00 00 13 00 00 01 00 07 7b 22 6e 61 6d 65 22 3a 22 61 64 61 22 7d");

	private final PacketCodec codec = new PacketCodec(ProtocolSettings.defaults());

	@Test
	void binaryFrameWithAWholePacketDecodes() {
		EmbeddedChannel channel = decoderChannel(this.codec);
		BinaryWebSocketFrame frame = new BinaryWebSocketFrame(Wire.buffer(EXAMPLE));
		assertThat(channel.writeInbound(frame)).isTrue();
		assertThat(frame.refCnt()).isZero();
		assertThat(Wire.inboundFrames(channel))
			.containsExactly(new Packet(1, 7, "{\"name\":\"ada\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		assertThat(channel.writeInbound(new BinaryWebSocketFrame(Wire.buffer(hex("00 00 00 01 80"))))).isTrue();
		assertThat(Wire.inboundFrames(channel)).containsExactly(Heartbeat.plain());
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void frameDecoderEmitsTheBodyAsARetainedSlice() {
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameDecoder(this.codec));
		channel.writeInbound(new BinaryWebSocketFrame(Wire.buffer(EXAMPLE)));
		ByteBuf body = channel.readInbound();
		assertThat(Wire.drain(body)).containsExactly(java.util.Arrays.copyOfRange(EXAMPLE, 4, EXAMPLE.length));
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void textFrameIsUnsupported() {
		TextWebSocketFrame frame = new TextWebSocketFrame("{\"name\":\"ada\"}");
		assertThat(error(this.codec, frame).reason()).isEqualTo(Reason.UNSUPPORTED_FRAME);
		assertThat(frame.refCnt()).isZero();
	}

	@Test
	void sizeFieldDisagreeingWithTheFrameLengthIsALengthMismatch() {
		byte[] shorter = java.util.Arrays.copyOf(EXAMPLE, EXAMPLE.length - 1);
		assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(shorter))).reason())
			.isEqualTo(Reason.LENGTH_MISMATCH);
		byte[] longer = java.util.Arrays.copyOf(EXAMPLE, EXAMPLE.length + 1);
		assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(longer))).reason())
			.isEqualTo(Reason.LENGTH_MISMATCH);
		byte[] twoPackets = new byte[2 * EXAMPLE.length];
		System.arraycopy(EXAMPLE, 0, twoPackets, 0, EXAMPLE.length);
		System.arraycopy(EXAMPLE, 0, twoPackets, EXAMPLE.length, EXAMPLE.length);
		assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(twoPackets))).reason())
			.isEqualTo(Reason.LENGTH_MISMATCH);
	}

	@Test
	void frameShorterThanTheSizeFieldIsTruncated() {
		for (int length = 0; length < 4; length++) {
			assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(new byte[length]))).reason())
				.isEqualTo(Reason.TRUNCATED);
		}
		assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(hex("00 00 00 00")))).reason())
			.isEqualTo(Reason.TRUNCATED);
		assertThat(error(this.codec, new BinaryWebSocketFrame(Wire.buffer(hex("00 00 00 02 00 01")))).reason())
			.isEqualTo(Reason.TRUNCATED);
	}

	@Test
	void oversizedFrameIsRejected() {
		ProtocolSettings settings = ProtocolSettings.builder().maxPayloadBytes(10).build();
		PacketCodec codec = new PacketCodec(settings);
		byte[] packet = Wire.encode(codec, List.of(new Packet(1, 1, new byte[10])));
		EmbeddedChannel channel = decoderChannel(codec);
		channel.writeInbound(new BinaryWebSocketFrame(Wire.buffer(packet)));
		assertThat(Wire.inboundFrames(channel)).containsExactly(new Packet(1, 1, new byte[10]));
		assertThat(channel.finish()).isFalse();

		byte[] oversized = new byte[4 + settings.maxSize() + 1];
		System.arraycopy(Wire.sizeField(settings, settings.maxSize() + 1), 0, oversized, 0, 4);
		assertThat(error(codec, new BinaryWebSocketFrame(Wire.buffer(oversized))).reason())
			.isEqualTo(Reason.OVERSIZED);
		// a huge frame is oversized whatever its size field claims
		byte[] huge = new byte[64 * 1024];
		System.arraycopy(packet, 0, huge, 0, packet.length);
		assertThat(error(codec, new BinaryWebSocketFrame(Wire.buffer(huge))).reason()).isEqualTo(Reason.OVERSIZED);
		assertThat(error(codec, new BinaryWebSocketFrame(Wire.buffer(hex("ff ff ff ff 00")))).reason())
			.isEqualTo(Reason.OVERSIZED);
	}

	@Test
	void encoderWritesOneBinaryFrameWithTheExactBytes() {
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameEncoder(this.codec));
		assertThat(channel.writeOutbound(new Packet(1, 7, "{\"name\":\"ada\"}".getBytes(
				java.nio.charset.StandardCharsets.UTF_8)), Heartbeat.withTime(1))).isTrue();
		Object first = channel.readOutbound();
		assertThat(first).isInstanceOf(BinaryWebSocketFrame.class);
		assertThat(Wire.drain(((BinaryWebSocketFrame) first).content().retain())).containsExactly(EXAMPLE);
		((BinaryWebSocketFrame) first).release();
		Object second = channel.readOutbound();
		assertThat(second).isInstanceOf(BinaryWebSocketFrame.class);
		BinaryWebSocketFrame secondFrame = (BinaryWebSocketFrame) second;
		assertThat(secondFrame.isFinalFragment()).isTrue();
		assertThat(Wire.drain(secondFrame.content())).containsExactly(hex("00 00 00 09 80 00 00 00 00 00 00 00 01"));
		assertThat((Object) channel.readOutbound()).isNull();
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void encoderAndDecoderRoundTripRandomPackets() {
		Random random = new Random(3L);
		for (ProtocolSettings settings : Wire.allSettings(100).toList()) {
			PacketCodec codec = new PacketCodec(settings);
			List<Frame> frames = StreamCodecTest.randomFrames(random, settings, 40);
			EmbeddedChannel encoder = new EmbeddedChannel(new WebSocketFrameEncoder(codec));
			EmbeddedChannel decoder = decoderChannel(codec);
			for (Frame frame : frames) {
				encoder.writeOutbound(frame);
				WebSocketFrame wsFrame = encoder.readOutbound();
				assertThat(wsFrame.content().readableBytes()).isEqualTo(codec.encodedLength(frame));
				decoder.writeInbound(wsFrame);
			}
			assertThat(Wire.inboundFrames(decoder)).as("%s", settings).containsExactlyElementsOf(frames);
			assertThat(encoder.finish()).isFalse();
			assertThat(decoder.finish()).isFalse();
		}
	}

	@Test
	void encoderRejectsAPayloadAboveTheMaximumWithoutLeaking() {
		PacketCodec codec = new PacketCodec(ProtocolSettings.builder().maxPayloadBytes(4).build());
		EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameEncoder(codec));
		assertThatThrownBy(() -> channel.writeOutbound(new Packet(1, 1, new byte[5])))
			.hasRootCauseInstanceOf(IllegalArgumentException.class);
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	@Test
	void randomGarbageFramesOnlyEverRaiseProtocolExceptions() {
		Random random = new Random(99L);
		List<ProtocolSettings> all = Wire.allSettings(64).toList();
		int errors = 0;
		int decoded = 0;
		for (int iteration = 0; iteration < 3000; iteration++) {
			ProtocolSettings settings = all.get(random.nextInt(all.size()));
			PacketCodec codec = new PacketCodec(settings);
			byte[] content = new byte[random.nextInt(120)];
			random.nextBytes(content);
			if (content.length >= 4 && random.nextBoolean()) {
				int size = random.nextBoolean() ? content.length - 4 : random.nextInt(content.length);
				System.arraycopy(Wire.sizeField(settings, size), 0, content, 0, 4);
				if (content.length > 4 && random.nextBoolean()) {
					content[4] &= 0x7f;
				}
			}
			WebSocketFrame frame = random.nextInt(10) == 0 ? new TextWebSocketFrame(Wire.buffer(content))
					: new BinaryWebSocketFrame(Wire.buffer(content));
			EmbeddedChannel channel = decoderChannel(codec);
			Throwable thrown = catchThrowable(() -> channel.writeInbound(frame));
			if (thrown != null) {
				assertThat(ProtocolExceptions.find(thrown)).as("cause of %s", thrown).isNotNull();
				errors++;
			}
			decoded += Wire.inboundFrames(channel).size();
			assertThat(frame.refCnt()).isZero();
			channel.finishAndReleaseAll();
		}
		assertThat(errors).isGreaterThan(500);
		assertThat(decoded).isGreaterThan(200);
	}

	@Test
	void randomGarbageBodiesOnlyEverRaiseProtocolExceptions() {
		Random random = new Random(5L);
		List<ProtocolSettings> all = Wire.allSettings(32).toList();
		int errors = 0;
		int decoded = 0;
		for (int iteration = 0; iteration < 20000; iteration++) {
			PacketCodec codec = new PacketCodec(all.get(random.nextInt(all.size())));
			byte[] body = new byte[random.nextInt(64)];
			random.nextBytes(body);
			ByteBuf buf = Wire.buffer(body);
			try {
				Frame frame = codec.decodeBody(buf);
				assertThat(frame).isNotNull();
				decoded++;
			}
			catch (ProtocolException ex) {
				assertThat(ex.reason()).isNotNull();
				errors++;
			}
			finally {
				buf.release();
			}
		}
		assertThat(errors).isGreaterThan(1000);
		assertThat(decoded).isGreaterThan(1000);
	}

	private static EmbeddedChannel decoderChannel(PacketCodec codec) {
		return new EmbeddedChannel(new WebSocketFrameDecoder(codec), new PacketDecoder(codec));
	}

	private static ProtocolException error(PacketCodec codec, WebSocketFrame frame) {
		EmbeddedChannel channel = decoderChannel(codec);
		try {
			Throwable thrown = catchThrowable(() -> channel.writeInbound(frame));
			assertThat(thrown).isInstanceOf(DecoderException.class);
			ProtocolException protocolException = ProtocolExceptions.find(thrown);
			assertThat(protocolException).as("ProtocolException behind %s", thrown).isNotNull();
			assertThat((Object) channel.readInbound()).isNull();
			return protocolException;
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

}
