package io.rally.gate.internal.kcp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.transport.KcpConversations;
import io.rally.testsupport.FuzzStats;
import io.rally.testsupport.TrackingAllocator;
import kcp.Kcp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the gate's KCP input: the in-place datagram check {@link KcpSegments} that runs before
 * anything is allocated or any conversation touched, and the KCP engine behind it, fed only what
 * the check lets through, the way {@link KcpDatagramHandler} and {@link KcpConversationChannel}
 * do: a conversation opens on a datagram that {@link KcpSegments#opensConversation opens one},
 * takes the well-formed datagrams of its id, has replies of its own in flight (so that acks
 * have something to act on), delivers whole messages and flushes.
 *
 * <p>Input layout: a sequence of datagrams, each a 2-byte big-endian length (taken modulo 2049:
 * a datagram is at most the 2048 bytes Netty reads from a UDP socket) and that many bytes.
 *
 * <p>Checked for every datagram: the check agrees with a reference reading of the segment
 * layout and leaves the buffer's indices alone; the engine accepts every datagram the check
 * passes (returns 0, throws nothing); nothing is asked for beyond one datagram, one MTU or a
 * message the receive window can hold; every buffer is released.
 */
class KcpSegmentsFuzzTest {

	private static final int MAX_DATAGRAM = 2048;

	private static final KcpSettings SETTINGS = KcpSettings.DEFAULTS;

	private static final long START = 1_700_000_000_000L;

	private static final byte[] REPLY = new byte[300];

	private static final FuzzStats stats = new FuzzStats("KCP datagrams (KcpSegments + KCP input)");

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void datagrams(byte[] input) {
		TrackingAllocator allocator = new TrackingAllocator();
		List<AssertionError> outputErrors = new ArrayList<>();
		Kcp kcp = null;
		int conv = 0;
		try {
			int offset = 0;
			for (int index = 0; offset + 2 <= input.length; index++) {
				int length = Math.min(((input[offset] & 0xff) << 8 | (input[offset + 1] & 0xff)) % (MAX_DATAGRAM + 1),
						input.length - offset - 2);
				int start = offset + 2;
				offset = start + length;
				long now = START + 10L * index;
				ByteBuf datagram = allocator.input(input, start, length, index % 3);
				try {
					boolean wellFormed = KcpSegments.isWellFormed(datagram);
					checkAgainstReference(input, start, length, datagram, wellFormed);
					if (!wellFormed) {
						continue;
					}
					if (kcp == null) {
						if (!KcpSegments.opensConversation(datagram)) {
							continue;
						}
						conv = KcpSegments.conv(datagram);
						kcp = KcpConversations.newKcp(conv, SETTINGS, (segments, unused) -> {
							if (segments.readableBytes() > SETTINGS.mtu()) {
								outputErrors.add(new AssertionError("sent " + segments.readableBytes()
										+ " bytes in one datagram, more than the MTU of " + SETTINGS.mtu()));
							}
							segments.release();
						}, allocator);
						for (int i = 0; i < 3; i++) {
							ByteBuf reply = allocator.input(REPLY, 0, REPLY.length, 0);
							kcp.send(reply);
							reply.release();
						}
						kcp.flush(false, now);
					}
					else if (KcpSegments.conv(datagram) != conv) {
						continue;
					}
					int result = kcp.input(datagram, true, now);
					if (result != 0) {
						throw new AssertionError("KCP refused a datagram the check passed (" + result + ")");
					}
					deliver(kcp);
					kcp.flush(false, now);
					if (kcp.checkFlush() && kcp.check(now) - now <= 0) {
						kcp.update(now);
					}
				}
				finally {
					datagram.release();
				}
			}
		}
		finally {
			if (kcp != null) {
				kcp.release();
			}
		}
		if (!outputErrors.isEmpty()) {
			throw outputErrors.get(0);
		}
		int bound = TrackingAllocator.roundedCapacity(
				Math.max(SETTINGS.mtu(), SETTINGS.receiveWindow() * (MAX_DATAGRAM - KcpSegments.HEADER)));
		if (allocator.largestRequest() > bound) {
			throw new AssertionError("asked for a buffer of " + allocator.largestRequest() + " bytes; the bound is "
					+ bound);
		}
		allocator.assertAllReleased();
		stats.record(allocator.largestRequest(), bound);
	}

	@AfterAll
	static void printStats() {
		stats.print();
	}

	/** Takes out every whole message, as the conversation channel does while it reads. */
	private static void deliver(Kcp kcp) {
		int largest = SETTINGS.receiveWindow() * (MAX_DATAGRAM - KcpSegments.HEADER);
		while (kcp.canRecv()) {
			ByteBuf message = kcp.mergeRecv();
			if (message == null) {
				break;
			}
			try {
				if (message.readableBytes() > largest) {
					throw new AssertionError("a message of " + message.readableBytes()
							+ " bytes, more than the receive window holds");
				}
			}
			finally {
				message.release();
			}
		}
	}

	private static void checkAgainstReference(byte[] input, int offset, int length, ByteBuf datagram,
			boolean wellFormed) {
		if (datagram.readableBytes() != length) {
			throw new AssertionError("the check moved the reader or writer index");
		}
		boolean expected = referenceWellFormed(ByteBuffer.wrap(input, offset, length).slice());
		if (wellFormed != expected) {
			throw new AssertionError("KcpSegments says " + (wellFormed ? "well-formed" : "garbage")
					+ ", the segment layout says otherwise, for a datagram of " + length + " bytes");
		}
		if (wellFormed) {
			ByteBuffer layout = ByteBuffer.wrap(input, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
			if (KcpSegments.conv(datagram) != layout.getInt(0)) {
				throw new AssertionError("conversation id read from the wrong place");
			}
			boolean opens = layout.get(4) == 81 && layout.getInt(12) == 0 && layout.getInt(16) == 0;
			if (KcpSegments.opensConversation(datagram) != opens) {
				throw new AssertionError("opensConversation disagrees with the first segment's cmd, sn and una");
			}
		}
	}

	/**
	 * Whole segments of one conversation, each a 24-byte little-endian header (conv u32, cmd u8,
	 * frg u8, wnd u16, ts u32, sn u32, una u32, len u32) and len bytes of data, where cmd is 81
	 * to 84 and only 81 (push) carries data, always some.
	 */
	static boolean referenceWellFormed(ByteBuffer datagram) {
		ByteBuffer in = datagram.order(ByteOrder.LITTLE_ENDIAN);
		if (in.remaining() < 24) {
			return false;
		}
		int conv = in.getInt(0);
		while (in.hasRemaining()) {
			if (in.remaining() < 24) {
				return false;
			}
			int start = in.position();
			if (in.getInt(start) != conv) {
				return false;
			}
			int cmd = in.get(start + 4);
			long length = in.getInt(start + 20) & 0xFFFFFFFFL;
			if (cmd < 81 || cmd > 84 || (cmd == 81) != (length > 0) || length > in.remaining() - 24) {
				return false;
			}
			in.position(start + 24 + (int) length);
		}
		return true;
	}

}
