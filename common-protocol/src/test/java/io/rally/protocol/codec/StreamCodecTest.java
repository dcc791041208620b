package io.rally.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Random packets and random garbage through the stream handlers, fed in random fragments.
 */
class StreamCodecTest {

	private static final List<ProtocolSettings> SETTINGS = Wire.allSettings(200).toList();

	@Test
	void randomPacketsRoundTripInRandomFragments() {
		Random random = new Random(20260101L);
		int total = 0;
		for (ProtocolSettings settings : SETTINGS) {
			PacketCodec codec = new PacketCodec(settings);
			List<Frame> frames = randomFrames(random, settings, 150);
			byte[] stream = Wire.encode(codec, frames);
			assertThat(stream).hasSize(frames.stream().mapToInt(codec::encodedLength).sum());
			assertThat(decodeInFragments(codec, stream, random, 2 * codec.encodedLength(frames.get(0)) + 64))
				.as("%s", settings)
				.containsExactlyElementsOf(frames);
			total += frames.size();
		}
		assertThat(total).isGreaterThanOrEqualTo(3000);
	}

	@Test
	void randomPacketsRoundTripByteAtATime() {
		Random random = new Random(42L);
		for (ProtocolSettings settings : List.of(SETTINGS.get(0), SETTINGS.get(SETTINGS.size() - 1),
				ProtocolSettings.defaults())) {
			PacketCodec codec = new PacketCodec(settings);
			List<Frame> frames = randomFrames(random, settings, 60);
			byte[] stream = Wire.encode(codec, frames);
			EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
			List<Frame> decoded = new ArrayList<>();
			for (int i = 0; i < stream.length; i++) {
				channel.writeInbound(Wire.buffer(stream, i, 1));
				decoded.addAll(Wire.inboundFrames(channel));
			}
			assertThat(decoded).as("%s", settings).containsExactlyElementsOf(frames);
			assertThat(channel.finish()).isFalse();
		}
	}

	@Test
	void randomGarbageOnlyEverRaisesProtocolExceptions() {
		Random random = new Random(7L);
		int errors = 0;
		int decoded = 0;
		for (int iteration = 0; iteration < 3000; iteration++) {
			ProtocolSettings settings = SETTINGS.get(random.nextInt(SETTINGS.size()));
			PacketCodec codec = new PacketCodec(settings);
			byte[] garbage = garbage(random, settings);
			// records every exception, where EmbeddedChannel would keep the first and log the others
			List<Throwable> thrown = new ArrayList<>();
			EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(codec), new PacketDecoder(codec),
					new ChannelInboundHandlerAdapter() {
						@Override
						public void channelRead(ChannelHandlerContext ctx, Object msg) {
							ctx.fireChannelRead(msg);
						}

						@Override
						public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
							thrown.add(cause);
						}
					});
			int offset = 0;
			while (offset < garbage.length) {
				int length = Math.min(garbage.length - offset, 1 + random.nextInt(24));
				channel.writeInbound(Wire.buffer(garbage, offset, length));
				offset += length;
				decoded += Wire.inboundFrames(channel).size();
			}
			for (Throwable cause : thrown) {
				assertThat(ProtocolExceptions.find(cause)).as("cause of %s", cause).isNotNull();
			}
			errors += thrown.size();
			channel.finishAndReleaseAll();
		}
		// the garbage must reach both outcomes, or the test proves little
		assertThat(errors).isGreaterThan(500);
		assertThat(decoded).isGreaterThan(500);
	}

	@Test
	void frameDecoderStaysCorruptAfterTheFirstError() {
		Random random = new Random(11L);
		int corrupted = 0;
		for (int iteration = 0; iteration < 2000; iteration++) {
			ProtocolSettings settings = SETTINGS.get(random.nextInt(SETTINGS.size()));
			PacketCodec codec = new PacketCodec(settings);
			byte[] garbage = garbage(random, settings);
			EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(codec));
			boolean failed = false;
			int offset = 0;
			while (offset < garbage.length) {
				int length = Math.min(garbage.length - offset, 1 + random.nextInt(24));
				ByteBuf fragment = Wire.buffer(garbage, offset, length);
				offset += length;
				Throwable thrown = catchThrowable(() -> channel.writeInbound(fragment));
				int bodies = releaseInbound(channel);
				if (failed) {
					assertThat(thrown).isNull();
					assertThat(bodies).isZero();
				}
				else if (thrown != null) {
					ProtocolException protocolException = ProtocolExceptions.find(thrown);
					assertThat(protocolException).as("cause of %s", thrown).isNotNull();
					failed = true;
				}
			}
			if (failed) {
				corrupted++;
				// even a well-formed packet is discarded now
				byte[] valid = Wire.encode(codec, List.of(Heartbeat.plain(), new Packet(1, 0, new byte[3])));
				assertThat(catchThrowable(() -> channel.writeInbound(Wire.buffer(valid)))).isNull();
				assertThat(releaseInbound(channel)).isZero();
			}
			channel.finishAndReleaseAll();
		}
		assertThat(corrupted).isGreaterThan(500);
	}

	@Test
	void packetsBeforeAnErrorInTheSameBufferAreDelivered() {
		PacketCodec codec = new PacketCodec(ProtocolSettings.defaults());
		byte[] good = Wire.encode(codec, List.of(new Packet(1, 2, new byte[] { 3 }), Heartbeat.plain()));
		byte[] stream = new byte[good.length + 8];
		System.arraycopy(good, 0, stream, 0, good.length);
		System.arraycopy(Wire.sizeField(codec.settings(), 0xffffffffL), 0, stream, good.length, 4);
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		Throwable thrown = catchThrowable(() -> channel.writeInbound(Wire.buffer(stream)));
		assertThat(ProtocolExceptions.find(thrown).reason()).isEqualTo(ProtocolException.Reason.OVERSIZED);
		assertThat(Wire.inboundFrames(channel)).containsExactly(new Packet(1, 2, new byte[] { 3 }), Heartbeat.plain());
		assertThat(channel.finishAndReleaseAll()).isFalse();
	}

	private static List<Frame> decodeInFragments(PacketCodec codec, byte[] stream, Random random, int maxFragment) {
		EmbeddedChannel channel = Wire.streamDecoderChannel(codec);
		List<Frame> decoded = new ArrayList<>();
		int offset = 0;
		while (offset < stream.length) {
			int length = switch (random.nextInt(4)) {
				case 0 -> 1;
				case 1 -> 1 + random.nextInt(8);
				case 2 -> 1 + random.nextInt(maxFragment);
				default -> 1 + random.nextInt(4 * maxFragment);
			};
			length = Math.min(length, stream.length - offset);
			channel.writeInbound(Wire.buffer(stream, offset, length));
			offset += length;
			decoded.addAll(Wire.inboundFrames(channel));
		}
		assertThat(channel.finish()).isFalse();
		return decoded;
	}

	static List<Frame> randomFrames(Random random, ProtocolSettings settings, int count) {
		List<Frame> frames = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int kind = random.nextInt(20);
			if (kind == 0) {
				frames.add(Heartbeat.plain());
			}
			else if (kind == 1) {
				long time = random.nextLong();
				frames.add(Heartbeat.withTime((time == Heartbeat.NO_TIME) ? 0 : time));
			}
			else {
				int payloadLength = switch (random.nextInt(4)) {
					case 0 -> 0;
					case 1 -> settings.maxPayloadBytes();
					default -> random.nextInt(settings.maxPayloadBytes() + 1);
				};
				byte[] payload = new byte[payloadLength];
				random.nextBytes(payload);
				int extcode = (random.nextInt(4) == 0) ? random.nextInt(128) : 0;
				frames.add(new Packet(randomSigned(random, settings.routeBytes()),
						randomSigned(random, settings.seqBytes()), payload, extcode));
			}
		}
		return frames;
	}

	private static int randomSigned(Random random, int bytes) {
		return switch (bytes) {
			case 0 -> 0;
			case 1 -> (byte) random.nextInt();
			case 2 -> (short) random.nextInt();
			default -> random.nextInt();
		};
	}

	/**
	 * Random bytes of random length; some start with a plausible size field so that the garbage
	 * gets past framing and exercises the body decoder too.
	 */
	static byte[] garbage(Random random, ProtocolSettings settings) {
		byte[] garbage = new byte[random.nextInt(160)];
		random.nextBytes(garbage);
		for (int offset = 0; offset + 4 <= garbage.length && random.nextInt(3) != 0;) {
			int size = random.nextInt(Math.min(settings.maxSize(), 24) + 1);
			System.arraycopy(Wire.sizeField(settings, size), 0, garbage, offset, 4);
			if (size > 0 && offset + 4 < garbage.length && random.nextBoolean()) {
				garbage[offset + 4] &= 0x7f;
			}
			offset += 4 + size;
		}
		return garbage;
	}

	private static int releaseInbound(EmbeddedChannel channel) {
		int count = 0;
		for (ByteBuf body = channel.readInbound(); body != null; body = channel.readInbound()) {
			body.release();
			count++;
		}
		return count;
	}

}
