package io.rally.protocol.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every combination of byte order, route width and seq width: boundary values, payload limits
 * and field widths.
 */
class SettingsMatrixTest {

	private static final int MAX_PAYLOAD = 300;

	static Stream<ProtocolSettings> settings() {
		return Wire.allSettings(MAX_PAYLOAD);
	}

	@ParameterizedTest
	@MethodSource("settings")
	void boundaryValuesRoundTrip(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		List<Packet> packets = new ArrayList<>();
		int extcode = 0;
		for (int route : boundaries(settings.routeBytes())) {
			for (int seq : boundaries(settings.seqBytes()).stream().distinct().toList()) {
				for (int payloadLength : new int[] { 0, MAX_PAYLOAD }) {
					packets.add(new Packet(route, seq, payload(payloadLength, route ^ seq), extcode));
					extcode = (extcode + 1) & 0x7f;
				}
			}
		}
		for (Packet packet : packets) {
			byte[] bytes = Wire.encode(codec, List.of(packet));
			assertThat(bytes).hasSize(codec.encodedLength(packet));
			assertLayout(settings, bytes, packet);
			EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
			channel.writeInbound(Wire.buffer(bytes));
			assertThat(Wire.inboundFrames(channel)).as("%s", packet).containsExactly(packet);
			assertThat(channel.finish()).isFalse();
		}
		// and all of them in one buffer
		byte[] all = Wire.encode(codec, packets);
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		channel.writeInbound(Wire.buffer(all));
		assertThat(Wire.inboundFrames(channel)).containsExactlyElementsOf(packets);
		assertThat(channel.finish()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("settings")
	void maxSizeIsHeaderRouteSeqAndMaxPayload(ProtocolSettings settings) {
		assertThat(settings.minDataSize()).isEqualTo(1 + settings.routeBytes() + settings.seqBytes());
		assertThat(settings.maxSize()).isEqualTo(settings.minDataSize() + MAX_PAYLOAD);
		assertThat(settings.maxRoute()).isEqualTo(boundaries(settings.routeBytes()).get(4));
		assertThat(settings.maxSeq()).isEqualTo((settings.seqBytes() == 0) ? 0 : boundaries(settings.seqBytes()).get(4));
	}

	@ParameterizedTest
	@MethodSource("settings")
	void encoderRejectsPayloadAboveTheMaximum(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		Packet packet = new Packet(1, 0, new byte[MAX_PAYLOAD + 1]);
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(packet, ByteBufAllocator.DEFAULT))
			.withMessage("payload: 301 bytes (expected: <= 300)");
		EmbeddedChannel channel = Wire.encoderChannel(codec);
		assertThatThrownBy(() -> channel.writeOutbound(packet)).isInstanceOf(EncoderException.class)
			.hasRootCauseInstanceOf(IllegalArgumentException.class);
		assertThat(Wire.outbound(channel)).isEmpty();
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("settings")
	void frameDecoderRejectsOversizedSizeFieldBeforeTheBodyArrives(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(codec));
		byte[] size = Wire.sizeField(settings, settings.maxSize() + 1);
		assertThat(channel.writeInbound(Wire.buffer(size, 0, 3))).isFalse();
		assertThatThrownBy(() -> channel.writeInbound(Wire.buffer(size, 3, 1)))
			.isInstanceOfSatisfying(DecoderException.class, (ex) -> assertThat(ProtocolExceptions.find(ex).reason())
				.isEqualTo(Reason.OVERSIZED));
		// the body that follows is discarded, and so is a valid packet after it
		assertThat(channel.writeInbound(Wire.buffer(new byte[settings.maxSize() + 1]))).isFalse();
		assertThat(channel.writeInbound(Wire.buffer(Wire.encode(codec, List.of(new Packet(1, 0, null)))))).isFalse();
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("settings")
	void frameDecoderAcceptsTheMaximumSizeField(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		assertThat(channel.writeInbound(Wire.buffer(Wire.sizeField(settings, settings.maxSize())))).isFalse();
		assertThat(channel.writeInbound(Wire.buffer(new byte[settings.maxSize() - 1]))).isFalse();
		assertThat(channel.writeInbound(Wire.buffer(new byte[1]))).isTrue();
		assertThat(Wire.inboundFrames(channel)).singleElement()
			.isEqualTo(new Packet(0, 0, new byte[MAX_PAYLOAD]));
		assertThat(channel.finish()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("settings")
	void encoderRejectsRouteAndSeqThatDoNotFitTheirWidth(ProtocolSettings settings) {
		PacketCodec codec = new PacketCodec(settings);
		for (int route : outOfRange(settings.routeBytes())) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> codec.encode(new Packet(route, 0, null), ByteBufAllocator.DEFAULT))
				.withMessageStartingWith("route: " + route + " (expected: ");
		}
		for (int seq : outOfRange(settings.seqBytes())) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> codec.encode(new Packet(0, seq, null), ByteBufAllocator.DEFAULT))
				.withMessageStartingWith("seq: " + seq + " (expected: ");
			EmbeddedChannel channel = Wire.encoderChannel(codec);
			assertThatThrownBy(() -> channel.writeOutbound(new Packet(0, seq, null)))
				.hasRootCauseInstanceOf(IllegalArgumentException.class);
			assertThat(channel.finishAndReleaseAll()).isFalse();
		}
		if (settings.routeBytes() < 4) {
			assertThat(outOfRange(settings.routeBytes())).isNotEmpty();
		}
	}

	/** Checks the encoded bytes with java.nio, independently of the codec's own reads. */
	private static void assertLayout(ProtocolSettings settings, byte[] bytes, Packet packet) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(settings.byteOrder());
		assertThat(Integer.toUnsignedLong(buffer.getInt())).isEqualTo(bytes.length - 4L);
		assertThat(buffer.get() & 0xff).isEqualTo(packet.extcode());
		assertThat(readSigned(buffer, settings.routeBytes())).isEqualTo(packet.route());
		assertThat(readSigned(buffer, settings.seqBytes())).isEqualTo(packet.seq());
		byte[] payload = new byte[buffer.remaining()];
		buffer.get(payload);
		assertThat(payload).containsExactly(packet.payload());
	}

	private static int readSigned(ByteBuffer buffer, int bytes) {
		return switch (bytes) {
			case 0 -> 0;
			case 1 -> buffer.get();
			case 2 -> buffer.getShort();
			default -> buffer.getInt();
		};
	}

	/** min, -1, 0, 1, max of a signed field; just 0 for an absent one. */
	static List<Integer> boundaries(int bytes) {
		if (bytes == 0) {
			return List.of(0, 0, 0, 0, 0);
		}
		int min = Wire.minSigned(bytes);
		int max = -(min + 1);
		return List.of(min, -1, 0, 1, max);
	}

	private static List<Integer> outOfRange(int bytes) {
		if (bytes == 4) {
			return List.of();
		}
		if (bytes == 0) {
			return List.of(1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
		}
		int min = Wire.minSigned(bytes);
		int max = -(min + 1);
		return List.of(min - 1, max + 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xffff);
	}

	private static byte[] payload(int length, int seed) {
		byte[] payload = new byte[length];
		Arrays.fill(payload, (byte) seed);
		for (int i = 0; i < length; i += 7) {
			payload[i] = (byte) i;
		}
		return payload;
	}

}
