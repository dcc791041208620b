package io.rally.protocol.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rally.protocol.codec.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte layout of packets and heartbeats, checked against literal bytes.
 */
class PacketCodecTest {

	/** The example of protocol.md: route 1, seq 7, payload {"name":"ada"}, default settings. */
	private static final byte[] EXAMPLE = hex("00 00 00 13 00 00 01 00 07 7b 22 6e 61 6d 65 22 3a 22 61 64 61 22 7d");

	private static final Packet EXAMPLE_PACKET = new Packet(1, 7,
			"{\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8));

	private final PacketCodec codec = new PacketCodec(ProtocolSettings.defaults());

	@Test
	void encodesTheProtocolExample() {
		assertThat(EXAMPLE).hasSize(23);
		assertThat(this.codec.encodedLength(EXAMPLE_PACKET)).isEqualTo(23);
		assertThat(Wire.drain(this.codec.encode(EXAMPLE_PACKET, ByteBufAllocator.DEFAULT))).containsExactly(EXAMPLE);
		assertThat(Wire.encode(this.codec, List.of(EXAMPLE_PACKET))).containsExactly(EXAMPLE);
	}

	@Test
	void decodesTheProtocolExample() {
		EmbeddedChannel channel = Wire.streamDecoderChannel(this.codec);
		assertThat(channel.writeInbound(Wire.buffer(EXAMPLE))).isTrue();
		List<Frame> frames = Wire.inboundFrames(channel);
		assertThat(frames).containsExactly(EXAMPLE_PACKET);
		Packet packet = (Packet) frames.get(0);
		assertThat(packet.route()).isEqualTo(1);
		assertThat(packet.seq()).isEqualTo(7);
		assertThat(new String(packet.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"ada\"}");
		assertThat(packet.extcode()).isZero();
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void decodeBodyCopiesThePayloadAndLeavesTheBodyToTheCaller() {
		ByteBuf body = Wire.buffer(EXAMPLE, 4, EXAMPLE.length - 4);
		try {
			assertThat(this.codec.decodeBody(body)).isEqualTo(EXAMPLE_PACKET);
			assertThat(body.refCnt()).isEqualTo(1);
			assertThat(body.readableBytes()).isZero();
		}
		finally {
			body.release();
		}
	}

	@Test
	void encodesThePlainHeartbeatInBothByteOrders() {
		assertThat(encode(ByteOrder.BIG_ENDIAN, Heartbeat.plain())).containsExactly(hex("00 00 00 01 80"));
		assertThat(encode(ByteOrder.LITTLE_ENDIAN, Heartbeat.plain())).containsExactly(hex("01 00 00 00 80"));
	}

	@Test
	void encodesTheTimedHeartbeatInBothByteOrders() {
		Heartbeat heartbeat = Heartbeat.withTime(0x0102030405060708L);
		assertThat(encode(ByteOrder.BIG_ENDIAN, heartbeat))
			.containsExactly(hex("00 00 00 09 80 01 02 03 04 05 06 07 08"));
		assertThat(encode(ByteOrder.LITTLE_ENDIAN, heartbeat))
			.containsExactly(hex("09 00 00 00 80 08 07 06 05 04 03 02 01"));
	}

	@Test
	void decodesHeartbeatsInBothByteOrders() {
		assertThat(decodeStream(ByteOrder.BIG_ENDIAN, hex("00 00 00 01 80"))).containsExactly(Heartbeat.plain());
		assertThat(decodeStream(ByteOrder.LITTLE_ENDIAN, hex("01 00 00 00 80"))).containsExactly(Heartbeat.plain());
		assertThat(decodeStream(ByteOrder.BIG_ENDIAN, hex("00 00 00 09 80 01 02 03 04 05 06 07 08")))
			.containsExactly(Heartbeat.withTime(0x0102030405060708L));
		assertThat(decodeStream(ByteOrder.LITTLE_ENDIAN, hex("09 00 00 00 80 08 07 06 05 04 03 02 01")))
			.containsExactly(Heartbeat.withTime(0x0102030405060708L));
		assertThat(decodeStream(ByteOrder.BIG_ENDIAN, hex("00 00 00 09 80 ff ff ff ff ff ff ff fe")))
			.containsExactly(Heartbeat.withTime(-2));
	}

	@Test
	void decodedHeartbeatsKnowWhetherTheyCarryTime() {
		List<Frame> frames = decodeStream(ByteOrder.BIG_ENDIAN,
				hex("00 00 00 01 80 00 00 00 09 80 00 00 00 00 00 00 00 00"));
		assertThat(frames).containsExactly(Heartbeat.plain(), Heartbeat.withTime(0));
		assertThat(((Heartbeat) frames.get(0)).hasTime()).isFalse();
		assertThat(((Heartbeat) frames.get(1)).hasTime()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 4, 5, 6, 7, 8, 10, 11, 100, 5005 })
	void heartbeatOfAnyOtherSizeIsMalformed(int size) {
		for (ByteOrder order : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN }) {
			PacketCodec codec = codec(order);
			byte[] body = new byte[size];
			body[0] = (byte) 0x80;
			ByteBuf buf = Wire.buffer(body);
			try {
				assertThatThrownBy(() -> codec.decodeBody(buf)).isInstanceOfSatisfying(ProtocolException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
			}
			finally {
				buf.release();
			}
			byte[] stream = new byte[4 + size];
			System.arraycopy(Wire.sizeField(codec.settings(), size), 0, stream, 0, 4);
			System.arraycopy(body, 0, stream, 4, size);
			assertThat(streamError(codec, stream).reason()).isEqualTo(Reason.MALFORMED);
		}
	}

	@Test
	void heartbeatFlagWinsOverExtcodeBits() {
		assertThat(decodeStream(ByteOrder.BIG_ENDIAN, hex("00 00 00 01 ff"))).containsExactly(Heartbeat.plain());
	}

	@Test
	void packetWithExtcodeOneRoundTrips() {
		Packet packet = new Packet(1, 7, new byte[] { 42 }, Packet.EXT_ERROR);
		byte[] bytes = Wire.encode(this.codec, List.of(packet));
		assertThat(bytes).containsExactly(hex("00 00 00 06 01 00 01 00 07 2a"));
		List<Frame> frames = decodeStream(ByteOrder.BIG_ENDIAN, bytes);
		assertThat(frames).containsExactly(packet);
		assertThat(((Packet) frames.get(0)).isError()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 0x3f, 0x40, 0x55, 0x7f })
	void headerBitsZeroToSixAreTheExtcode(int extcode) {
		byte[] stream = hex("00 00 00 05 00 00 01 00 07");
		stream[4] = (byte) extcode;
		List<Frame> frames = decodeStream(ByteOrder.BIG_ENDIAN, stream);
		assertThat(frames).containsExactly(new Packet(1, 7, new byte[0], extcode));
		assertThat(Wire.encode(this.codec, frames)).containsExactly(stream);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 128, 255, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void packetRejectsExtcodeOutsideSevenBits(int extcode) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Packet(1, 1, new byte[0], extcode))
			.withMessage("extcode: " + extcode + " (expected: 0 to 127)");
	}

	@Test
	void packetValueSemantics() {
		assertThat(new Packet(1, 2, null).payload()).isEmpty();
		assertThat(new Packet(1, 2, new byte[] { 1, 2 })).isEqualTo(new Packet(1, 2, new byte[] { 1, 2 }, 0))
			.hasSameHashCodeAs(new Packet(1, 2, new byte[] { 1, 2 }))
			.isNotEqualTo(new Packet(1, 2, new byte[] { 1, 3 }))
			.isNotEqualTo(new Packet(1, 2, new byte[] { 1, 2 }, 1))
			.isNotEqualTo(new Packet(1, 3, new byte[] { 1, 2 }))
			.isNotEqualTo(new Packet(2, 2, new byte[] { 1, 2 }));
		assertThat(Packet.oneWay(5, new byte[0]).seq()).isZero();
		assertThat(new Packet(1, 2, new byte[0]).isError()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("io.rally.protocol.codec.PacketCodecTest#settings")
	void dataPacketShorterThanHeaderRouteAndSeqIsTruncated(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		for (int size = 1; size < settings.minDataSize(); size++) {
			ByteBuf body = Wire.buffer(new byte[size]);
			try {
				assertThatThrownBy(() -> codec.decodeBody(body)).isInstanceOfSatisfying(ProtocolException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TRUNCATED));
			}
			finally {
				body.release();
			}
			byte[] stream = new byte[4 + size];
			System.arraycopy(Wire.sizeField(settings, size), 0, stream, 0, 4);
			assertThat(streamError(codec, stream).reason()).isEqualTo(Reason.TRUNCATED);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "BIG", "LITTLE" })
	void sizeZeroIsTruncated(Order order) {
		PacketCodec codec = codec(order.byteOrder);
		EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(codec));
		assertThatThrownBy(() -> channel.writeInbound(Wire.buffer(hex("00 00 00 00"))))
			.isInstanceOfSatisfying(DecoderException.class, (ex) -> assertThat(ProtocolExceptions.find(ex).reason())
				.isEqualTo(Reason.TRUNCATED));
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	@Test
	void emptyBodyIsTruncated() {
		ByteBuf body = ByteBufAllocator.DEFAULT.buffer(0);
		try {
			assertThatThrownBy(() -> this.codec.decodeBody(body)).isInstanceOfSatisfying(ProtocolException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TRUNCATED));
		}
		finally {
			body.release();
		}
	}

	@Test
	void dataPacketWithPayloadAboveTheLimitIsOversizedEvenWhenSmallerThanATimedHeartbeat() {
		// maxPayload 0 and a 2-byte minimum: maxSize() is 9 for the timed heartbeat, so the size
		// field alone cannot reject a 5-byte payload; the body decoder has to.
		ProtocolSettings settings = ProtocolSettings.builder().routeBytes(1).seqBytes(1).maxPayloadBytes(0).build();
		PacketCodec codec = new PacketCodec(settings);
		assertThat(streamError(codec, hex("00 00 00 08 00 01 01 01 02 03 04 05")).reason())
			.isEqualTo(Reason.OVERSIZED);
		assertThat(decodeStream(codec, hex("00 00 00 03 00 01 01"))).containsExactly(new Packet(1, 1, new byte[0]));
		assertThat(decodeStream(codec, hex("00 00 00 09 80 00 00 00 00 00 00 00 05")))
			.containsExactly(Heartbeat.withTime(5));
	}

	@Test
	void protocolExceptionsFindsTheCauseBehindWrappers() {
		ProtocolException cause = new ProtocolException(Reason.OVERSIZED, "too big");
		assertThat(ProtocolExceptions.find(cause)).isSameAs(cause);
		assertThat(ProtocolExceptions.find(new DecoderException(new RuntimeException(cause)))).isSameAs(cause);
		assertThat(ProtocolExceptions.find(new DecoderException("other"))).isNull();
		assertThat(ProtocolExceptions.find(null)).isNull();
		assertThat(cause.reason().tag()).isEqualTo("oversized");
		assertThat(cause).hasMessage("too big");
	}

	static List<ProtocolSettings> settings() {
		return Wire.allSettings(100).toList();
	}

	private static byte[] encode(ByteOrder order, Frame frame) {
		PacketCodec codec = codec(order);
		byte[] viaCodec = Wire.drain(codec.encode(frame, ByteBufAllocator.DEFAULT));
		assertThat(codec.encodedLength(frame)).isEqualTo(viaCodec.length);
		assertThat(Wire.encode(codec, List.of(frame))).containsExactly(viaCodec);
		return viaCodec;
	}

	private static List<Frame> decodeStream(ByteOrder order, byte[] stream) {
		return decodeStream(codec(order), stream);
	}

	private static List<Frame> decodeStream(PacketCodec codec, byte[] stream) {
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		channel.writeInbound(Wire.buffer(stream));
		List<Frame> frames = Wire.inboundFrames(channel);
		assertThat(channel.finish()).isFalse();
		return frames;
	}

	/** Feeds {@code stream} to the stream decoders and returns the protocol error it raised. */
	static ProtocolException streamError(PacketCodec codec, byte[] stream) {
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		try {
			Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
					() -> channel.writeInbound(Wire.buffer(stream)));
			assertThat(thrown).isInstanceOf(DecoderException.class);
			ProtocolException protocolException = ProtocolExceptions.find(thrown);
			assertThat(protocolException).as("ProtocolException behind %s", thrown).isNotNull();
			assertThat(Wire.inboundFrames(channel)).isEmpty();
			return protocolException;
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

	private static PacketCodec codec(ByteOrder order) {
		return new PacketCodec(ProtocolSettings.builder().byteOrder(order).build());
	}

	enum Order {

		BIG(ByteOrder.BIG_ENDIAN), LITTLE(ByteOrder.LITTLE_ENDIAN);

		final ByteOrder byteOrder;

		Order(ByteOrder byteOrder) {
			this.byteOrder = byteOrder;
		}

	}

}
