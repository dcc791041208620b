package io.rally.protocol.codec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.protocol.Frame;
import io.rally.protocol.ProtocolSettings;

/**
 * Test helpers: byte literals, buffers that are released once read, and the settings matrix.
 */
final class Wire {

	private Wire() {
	}

	/** Bytes from a hex dump such as {@code "00 00 00 01 80"}. */
	static byte[] hex(String dump) {
		return ByteBufUtil.decodeHexDump(dump.replace(" ", ""));
	}

	static ByteBuf buffer(byte[] bytes) {
		return buffer(bytes, 0, bytes.length);
	}

	/**
	 * A fresh pooled buffer. Pooled, because Netty tracks leaks of pooled buffers but not of
	 * unpooled heap ones; fresh, never the shared empty buffer, so that its release can be checked.
	 */
	static ByteBuf buffer(byte[] bytes, int offset, int length) {
		return ByteBufAllocator.DEFAULT.buffer(length).writeBytes(bytes, offset, length);
	}

	/** Copies the readable bytes out of {@code buf} and releases it. */
	static byte[] drain(ByteBuf buf) {
		try {
			return ByteBufUtil.getBytes(buf);
		}
		finally {
			buf.release();
		}
	}

	/** Every outbound buffer of {@code channel}, concatenated; each buffer is released. */
	static byte[] outbound(EmbeddedChannel channel) {
		ByteBuf all = ByteBufAllocator.DEFAULT.buffer();
		try {
			for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
				try {
					all.writeBytes(buf);
				}
				finally {
					buf.release();
				}
			}
			return ByteBufUtil.getBytes(all);
		}
		finally {
			all.release();
		}
	}

	/** Every decoded frame waiting in {@code channel}. */
	static List<Frame> inboundFrames(EmbeddedChannel channel) {
		List<Frame> frames = new ArrayList<>();
		for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
			frames.add((Frame) msg);
		}
		return frames;
	}

	/** A channel that writes frames as a byte stream. */
	static EmbeddedChannel encoderChannel(PacketCodec codec) {
		return new EmbeddedChannel(new PacketEncoder(codec));
	}

	/** A channel that reads frames from a byte stream. */
	static EmbeddedChannel streamDecoderChannel(PacketCodec codec) {
		return new EmbeddedChannel(new PacketFrameDecoder(codec), new PacketDecoder(codec));
	}

	/** Encodes {@code frames} through a {@link PacketEncoder} and returns the stream bytes. */
	static byte[] encode(PacketCodec codec, List<? extends Frame> frames) {
		EmbeddedChannel channel = encoderChannel(codec);
		try {
			for (Frame frame : frames) {
				channel.writeOutbound(frame);
			}
			return outbound(channel);
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

	/** All 24 combinations of byte order, route width and seq width. */
	static Stream<ProtocolSettings> allSettings(int maxPayloadBytes) {
		List<ProtocolSettings> all = new ArrayList<>();
		for (ByteOrder order : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN }) {
			for (int routeBytes : new int[] { 1, 2, 4 }) {
				for (int seqBytes : new int[] { 0, 1, 2, 4 }) {
					all.add(ProtocolSettings.builder()
						.byteOrder(order)
						.routeBytes(routeBytes)
						.seqBytes(seqBytes)
						.maxPayloadBytes(maxPayloadBytes)
						.build());
				}
			}
		}
		return all.stream();
	}

	/** The smallest value that fits a signed field of {@code bytes} bytes (0 for an absent field). */
	static int minSigned(int bytes) {
		return switch (bytes) {
			case 0 -> 0;
			case 4 -> Integer.MIN_VALUE;
			default -> -(1 << (bytes * 8 - 1));
		};
	}

	/** The {@code size} field for {@code value} in the byte order of {@code settings}. */
	static byte[] sizeField(ProtocolSettings settings, long value) {
		ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(4);
		if (settings.byteOrder() == ByteOrder.LITTLE_ENDIAN) {
			buf.writeIntLE((int) value);
		}
		else {
			buf.writeInt((int) value);
		}
		return drain(buf);
	}

}
