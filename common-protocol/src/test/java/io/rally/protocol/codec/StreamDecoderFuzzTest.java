package io.rally.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;
import io.rally.testsupport.FuzzStats;
import io.rally.testsupport.TrackingAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the byte-stream side of the codec (TCP, and KCP's reassembled stream): a
 * {@link PacketFrameDecoder} and a {@link PacketDecoder} in a channel, fed in chunks, exactly as
 * the gate's stream pipeline has them.
 *
 * <p>Input layout: byte 0 picks the {@link ProtocolSettings} (bit 0 little-endian; bits 1-2 the
 * route bytes 2, 1, 4, 2; bits 3-4 the seq bytes 2, 0, 1, 4; bits 5-7 the payload limit 5000, 0,
 * 1, 64, 1000, 4096, 65536, 1 MiB), so 0 is due's defaults; byte 1 is the chunk size the stream
 * arrives in (0: all at once); the rest is the stream.
 *
 * <p>Checked for every input: the decoders emit exactly the frames and errors that a plain
 * reference reading of the layout (below) finds, in order; every error is a
 * {@link ProtocolException}, the decoders' documented failure; a size out of bounds ends the
 * stream; no buffer is asked for beyond the largest frame plus what Netty cumulates from the
 * reads (never what a size field claims); every buffer is released.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seeds in {@code StreamDecoderFuzzTestInputs};
 * {@code -Pfuzz} fuzzes it (see {@code docs/security.md}).
 */
class StreamDecoderFuzzTest {

	private static final int[] ROUTE_BYTES = { 2, 1, 4, 2 };

	private static final int[] SEQ_BYTES = { 2, 0, 1, 4 };

	private static final int[] MAX_PAYLOADS = { 5000, 0, 1, 64, 1000, 4096, 65536, 1 << 20 };

	/** ByteToMessageDecoder's default: read bytes may stay in the cumulation for this many reads. */
	private static final int DISCARD_AFTER_READS = 16;

	private static final FuzzStats stats = new FuzzStats("stream decoder (PacketFrameDecoder + PacketDecoder)");

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void stream(byte[] input) {
		if (input.length < 2) {
			return;
		}
		ProtocolSettings settings = settings(input[0]);
		int chunk = (input[1] & 0xff) == 0 ? Math.max(1, input.length - 2) : input[1] & 0xff;
		PacketCodec codec = new PacketCodec(settings);
		List<Object> expected = reference(input, 2, settings);

		TrackingAllocator allocator = new TrackingAllocator();
		Recorder recorder = new Recorder();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.config().setAllocator(allocator);
		channel.pipeline().addLast(new PacketFrameDecoder(codec), new PacketDecoder(codec), recorder);
		try {
			for (int offset = 2; offset < input.length; offset += chunk) {
				int length = Math.min(chunk, input.length - offset);
				channel.writeInbound(allocator.input(input, offset, length, offset % 3));
			}
		}
		finally {
			channel.finishAndReleaseAll();
		}
		recorder.assertNothingUnexpected();
		if (!recorder.events.equals(expected)) {
			throw new AssertionError("decoded " + recorder.events + " but the layout says " + expected + " for "
					+ settings);
		}
		int bound = TrackingAllocator.roundedCapacity(
				ProtocolSettings.SIZE_FIELD_BYTES + settings.maxSize() + DISCARD_AFTER_READS * chunk);
		if (allocator.largestRequest() > bound) {
			throw new AssertionError("asked for a buffer of " + allocator.largestRequest() + " bytes; the bound is "
					+ bound + " for " + settings + " and chunks of " + chunk);
		}
		allocator.assertAllReleased();
		stats.record(allocator.largestRequest(), bound);
	}

	@AfterAll
	static void printStats() {
		stats.print();
	}

	static ProtocolSettings settings(byte selector) {
		return ProtocolSettings.builder()
			.byteOrder(((selector & 1) != 0) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
			.routeBytes(ROUTE_BYTES[(selector >> 1) & 3])
			.seqBytes(SEQ_BYTES[(selector >> 3) & 3])
			.maxPayloadBytes(MAX_PAYLOADS[(selector >> 5) & 7])
			.build();
	}

	/**
	 * The frames and errors in {@code stream[from..]}, read straight from the documented layout:
	 * a {@link Frame} per whole packet, a {@link Reason} per packet whose body breaks the layout,
	 * and a final {@link Reason} for a size field out of bounds, after which nothing is read.
	 */
	static List<Object> reference(byte[] stream, int from, ProtocolSettings settings) {
		ByteBuffer in = ByteBuffer.wrap(stream, from, stream.length - from).order(settings.byteOrder());
		List<Object> events = new ArrayList<>();
		while (in.remaining() >= 4) {
			long size = in.getInt() & 0xFFFFFFFFL;
			if (size > settings.maxSize()) {
				events.add(Reason.OVERSIZED);
				return events;
			}
			if (size < 1) {
				events.add(Reason.TRUNCATED);
				return events;
			}
			if (in.remaining() < size) {
				return events;
			}
			byte[] body = new byte[(int) size];
			in.get(body);
			events.add(body(body, settings));
		}
		return events;
	}

	private static Object body(byte[] body, ProtocolSettings settings) {
		ByteBuffer in = ByteBuffer.wrap(body).order(settings.byteOrder());
		int header = in.get() & 0xff;
		if ((header & 0x80) != 0) {
			return switch (body.length) {
				case 1 -> Heartbeat.plain();
				case 9 -> Heartbeat.withTime(in.getLong());
				default -> Reason.MALFORMED;
			};
		}
		int fixed = 1 + settings.routeBytes() + settings.seqBytes();
		if (body.length < fixed) {
			return Reason.TRUNCATED;
		}
		if (body.length > fixed + settings.maxPayloadBytes()) {
			return Reason.OVERSIZED;
		}
		int route = signed(in, settings.routeBytes());
		int seq = signed(in, settings.seqBytes());
		return new Packet(route, seq, Arrays.copyOfRange(body, fixed, body.length), header & 0x7f);
	}

	private static int signed(ByteBuffer in, int bytes) {
		return switch (bytes) {
			case 0 -> 0;
			case 1 -> in.get();
			case 2 -> in.getShort();
			default -> in.getInt();
		};
	}

	/** The end of the pipeline: keeps frames and protocol errors in the order they came. */
	static final class Recorder extends ChannelInboundHandlerAdapter {

		final List<Object> events = new ArrayList<>();

		private final List<Throwable> unexpected = new ArrayList<>();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof Frame frame) {
				this.events.add(frame);
			}
			else {
				ReferenceCountUtil.release(msg);
				this.unexpected.add(new AssertionError("a " + msg.getClass().getName() + " came out of the decoders"));
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ProtocolException protocolError = ProtocolExceptions.find(cause);
			if (protocolError != null) {
				this.events.add(protocolError.reason());
			}
			else {
				this.unexpected.add(cause);
			}
		}

		void assertNothingUnexpected() {
			if (!this.unexpected.isEmpty()) {
				AssertionError error = new AssertionError("not a documented decoder failure: " + this.unexpected.get(0),
						this.unexpected.get(0));
				this.unexpected.stream().skip(1).forEach(error::addSuppressed);
				throw error;
			}
		}

	}

}
