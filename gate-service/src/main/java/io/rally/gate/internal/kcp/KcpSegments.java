package io.rally.gate.internal.kcp;

import io.netty.buffer.ByteBuf;
import io.rally.protocol.KcpSettings;

/**
 * Checks a datagram against the KCP segment layout before any state is touched, reading it in
 * place. A datagram holds one or more segments of one conversation, each a 24-byte header
 * (little-endian) followed by {@code len} bytes of data:
 *
 * <pre>
 *  0        4     5     6        8        12       16       20       24
 *  +--------+-----+-----+--------+--------+--------+--------+--------+---------+
 *  | conv   | cmd | frg | wnd    | ts     | sn     | una    | len    | data... |
 *  +--------+-----+-----+--------+--------+--------+--------+--------+---------+
 *    u32      u8    u8    u16      u32      u32      u32      u32
 * </pre>
 *
 * {@code cmd} is 81 (push), 82 (ack), 83 (window probe) or 84 (window size); only pushes carry
 * data, and every push carries some: KCP never sends an empty message, and kcp-base keeps an
 * empty push as a segment without a buffer, on which its receive path then fails for the rest
 * of the conversation. An ack echoes the {@code ts} and {@code sn} of the push it acknowledges;
 * {@code una} acknowledges every segment before it. Stateless.
 */
final class KcpSegments {

	static final int HEADER = KcpSettings.SEGMENT_HEADER_BYTES;

	static final byte PUSH = 81;

	static final byte ACK = 82;

	static final byte TELL_WINDOW = 84;

	private KcpSegments() {
	}

	/** The conversation id of a datagram at least {@link #HEADER} bytes long. */
	static int conv(ByteBuf datagram) {
		return datagram.getIntLE(datagram.readerIndex());
	}

	/**
	 * Whether {@code datagram} is whole segments of one conversation with known commands, data
	 * on pushes only and on every push, and nothing else.
	 */
	static boolean isWellFormed(ByteBuf datagram) {
		int index = datagram.readerIndex();
		int end = datagram.writerIndex();
		if (end - index < HEADER) {
			return false;
		}
		int conv = datagram.getIntLE(index);
		while (index < end) {
			if (end - index < HEADER || datagram.getIntLE(index) != conv) {
				return false;
			}
			byte cmd = datagram.getByte(index + 4);
			if (cmd < PUSH || cmd > TELL_WINDOW) {
				return false;
			}
			long length = datagram.getUnsignedIntLE(index + 20);
			if (length > end - index - HEADER || (length > 0) != (cmd == PUSH)) {
				return false;
			}
			index += HEADER + (int) length;
		}
		return true;
	}

	/**
	 * Whether a well-formed datagram can open a conversation: it starts with the first data
	 * segment a fresh peer sends (a push with {@code sn} 0 that acknowledges nothing yet).
	 */
	static boolean opensConversation(ByteBuf datagram) {
		int index = datagram.readerIndex();
		return datagram.getByte(index + 4) == PUSH && datagram.getIntLE(index + 12) == 0
				&& datagram.getIntLE(index + 16) == 0;
	}

	/**
	 * Whether a well-formed datagram acknowledges the segment {@code sn} that went out with
	 * timestamp {@code ts}: a KCP ack echoes both.
	 */
	static boolean acknowledges(ByteBuf datagram, int sn, int ts) {
		int index = datagram.readerIndex();
		int end = datagram.writerIndex();
		while (index < end) {
			if (datagram.getByte(index + 4) == ACK && datagram.getIntLE(index + 12) == sn
					&& datagram.getIntLE(index + 8) == ts) {
				return true;
			}
			index += HEADER + (int) datagram.getUnsignedIntLE(index + 20);
		}
		return false;
	}

	/** Whether a well-formed datagram holds an ack at all. */
	static boolean hasAck(ByteBuf datagram) {
		int index = datagram.readerIndex();
		int end = datagram.writerIndex();
		while (index < end) {
			if (datagram.getByte(index + 4) == ACK) {
				return true;
			}
			index += HEADER + (int) datagram.getUnsignedIntLE(index + 20);
		}
		return false;
	}

	/** Writes the header of one segment that carries no data. */
	static void writeHeader(ByteBuf out, int conv, byte cmd, int wnd, int ts, int sn, int una) {
		out.writeIntLE(conv).writeByte(cmd).writeByte(0).writeShortLE(wnd);
		out.writeIntLE(ts).writeIntLE(sn).writeIntLE(una).writeIntLE(0);
	}

}
