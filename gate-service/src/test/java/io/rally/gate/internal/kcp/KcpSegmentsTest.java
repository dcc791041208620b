package io.rally.gate.internal.kcp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KcpSegmentsTest {

	@Test
	void acceptsSeveralSegmentsOfOneConversation() {
		check(concat(segment(9, 82, 0, 0, 0), segment(9, 81, 0, 0, 5)), (buf) -> {
			assertThat(KcpSegments.isWellFormed(buf)).isTrue();
			assertThat(KcpSegments.conv(buf)).isEqualTo(9);
			assertThat(KcpSegments.opensConversation(buf)).isFalse();
		});
	}

	@Test
	void aFirstPushOpensAConversation() {
		check(segment(9, 81, 0, 0, 3), (buf) -> {
			assertThat(KcpSegments.isWellFormed(buf)).isTrue();
			assertThat(KcpSegments.opensConversation(buf)).isTrue();
		});
		check(segment(9, 81, 1, 0, 3), (buf) -> assertThat(KcpSegments.opensConversation(buf)).isFalse());
		check(segment(9, 81, 0, 1, 3), (buf) -> assertThat(KcpSegments.opensConversation(buf)).isFalse());
	}

	@Test
	void rejectsWhatIsNotWholeSegmentsOfOneConversation() {
		check(new byte[23], (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(segment(9, 80, 0, 0, 0), (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(segment(9, 85, 0, 0, 0), (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(segment(9, 82, 0, 0, 4), (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		// kcp-base keeps an empty push without a buffer and then fails on every receive
		check(segment(9, 81, 0, 0, 0), (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(concat(segment(9, 81, 0, 0, 3), segment(9, 81, 1, 0, 0)),
				(buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(concat(segment(9, 82, 0, 0, 0), segment(10, 82, 0, 0, 0)),
				(buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		check(concat(segment(9, 82, 0, 0, 0), new byte[5]), (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		byte[] lying = segment(9, 81, 0, 0, 4);
		lying[20] = 5;
		check(lying, (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
		byte[] huge = segment(9, 81, 0, 0, 4);
		huge[23] = (byte) 0x80;
		check(huge, (buf) -> assertThat(KcpSegments.isWellFormed(buf)).isFalse());
	}

	@Test
	void findsTheAckOfASegmentByItsSequenceNumberAndTimestamp() {
		check(concat(segment(9, 81, 0, 0, 3), segment(9, 82, 77, -5, 0, 0)), (buf) -> {
			assertThat(KcpSegments.acknowledges(buf, -5, 77)).isTrue();
			assertThat(KcpSegments.acknowledges(buf, -5, 78)).isFalse();
			assertThat(KcpSegments.acknowledges(buf, -4, 77)).isFalse();
		});
		check(segment(9, 81, 77, -5, 0, 0), (buf) -> assertThat(KcpSegments.acknowledges(buf, -5, 77))
			.as("a push is no ack")
			.isFalse());
	}

	private static byte[] segment(int conv, int cmd, int sn, int una, int dataLength) {
		return segment(conv, cmd, 0, sn, una, dataLength);
	}

	private static byte[] segment(int conv, int cmd, int ts, int sn, int una, int dataLength) {
		ByteBuffer buffer = ByteBuffer.allocate(24 + dataLength).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(conv).put((byte) cmd).put((byte) 0).putShort((short) 32).putInt(ts).putInt(sn).putInt(una);
		buffer.putInt(dataLength);
		return buffer.array();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static void check(byte[] datagram, java.util.function.Consumer<ByteBuf> assertions) {
		// Offset, to catch reads that ignore the reader index.
		ByteBuf buf = Unpooled.buffer(datagram.length + 3).writeBytes(new byte[3]).writeBytes(datagram);
		buf.skipBytes(3);
		try {
			assertions.accept(buf);
		}
		finally {
			buf.release();
		}
	}

}
