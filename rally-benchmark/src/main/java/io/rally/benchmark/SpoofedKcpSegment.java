package io.rally.benchmark;

import io.netty.buffer.ByteBuf;
import io.rally.protocol.KcpSettings;

/**
 * Writes the first segment a fresh KCP peer would send, as a spoofer sends it to open
 * conversations it will never carry on. The layout is the KCP reference's, little-endian, a
 * 24-byte header before the data:
 *
 * <pre>
 *  conv u32 | cmd u8 | frg u8 | wnd u16 | ts u32 | sn u32 | una u32 | len u32 | data
 * </pre>
 *
 * With {@code sn} and {@code una} 0, a push is what today's gate takes for a new peer; a window
 * probe ({@code WASK}) with the same fields is the other command a spoofer can send without
 * knowing anything of a conversation. Stateless.
 */
final class SpoofedKcpSegment {

	static final int HEADER_BYTES = KcpSettings.SEGMENT_HEADER_BYTES;

	/** The receive window a KCP client with the gate's defaults announces. */
	static final int WINDOW = KcpSettings.DEFAULTS.receiveWindow();

	private SpoofedKcpSegment() {
	}

	/** Bytes of a segment of {@code command} with {@code data}: only a push carries data. */
	static int length(AbuseOptions.KcpCommand command, ByteBuf data) {
		return HEADER_BYTES + dataLength(command, data);
	}

	/**
	 * Writes one segment of conversation {@code conv} to {@code out}.
	 * @param data what a push carries (its readable bytes, left unread); a probe carries none
	 * @param timestamp the sender's clock in milliseconds, as KCP stamps every segment
	 */
	static void write(ByteBuf out, int conv, AbuseOptions.KcpCommand command, int timestamp, ByteBuf data) {
		int length = dataLength(command, data);
		out.writeIntLE(conv);
		out.writeByte(command.code);
		// Not a fragment of a longer message: the last (and only) one is number 0.
		out.writeByte(0);
		out.writeShortLE(WINDOW);
		out.writeIntLE(timestamp);
		// sn: the first segment; una: nothing received yet.
		out.writeIntLE(0);
		out.writeIntLE(0);
		out.writeIntLE(length);
		if (length > 0) {
			out.writeBytes(data, data.readerIndex(), length);
		}
	}

	private static int dataLength(AbuseOptions.KcpCommand command, ByteBuf data) {
		return (command == AbuseOptions.KcpCommand.PUSH) ? data.readableBytes() : 0;
	}

}
