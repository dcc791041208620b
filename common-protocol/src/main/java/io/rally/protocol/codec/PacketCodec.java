package io.rally.protocol.codec;

import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;

/**
 * Reads and writes the due v2 packet layout for one set of {@link ProtocolSettings}.
 *
 * <pre>
 * +-----------+--------+-------------+----------------+--------------------+
 * | size      | header | route       | seq            | payload            |
 * | uint32    | 1 B    | 1, 2 or 4 B | 0, 1, 2 or 4 B | size - 1 - r - s   |
 * +-----------+--------+-------------+----------------+--------------------+
 * header bit 7 (0x80): heartbeat; then size is 1, or 9 with an int64 time after the header.
 * </pre>
 *
 * <p>The transport handlers take care of framing; this class only knows the layout. Instances
 * are immutable and thread-safe.
 */
public final class PacketCodec {

	static final int HEARTBEAT_FLAG = 0x80;

	static final int EXTCODE_MASK = 0x7f;

	private final ProtocolSettings settings;

	private final boolean littleEndian;

	public PacketCodec(ProtocolSettings settings) {
		this.settings = settings;
		this.littleEndian = settings.byteOrder() == ByteOrder.LITTLE_ENDIAN;
	}

	public ProtocolSettings settings() {
		return this.settings;
	}

	/**
	 * Reads the {@code size} field at {@code index} and checks it against the limits, before
	 * anything is allocated for the packet.
	 * @throws ProtocolException if the size is out of bounds
	 */
	public int checkedSize(ByteBuf in, int index) {
		long size = this.littleEndian ? in.getUnsignedIntLE(index) : in.getUnsignedInt(index);
		if (size > this.settings.maxSize()) {
			throw new ProtocolException(Reason.OVERSIZED,
					"packet size " + size + " exceeds the maximum of " + this.settings.maxSize());
		}
		if (size < ProtocolSettings.HEADER_BYTES) {
			throw new ProtocolException(Reason.TRUNCATED, "packet size 0 leaves no room for the header");
		}
		return (int) size;
	}

	/**
	 * Decodes one packet body (everything after the {@code size} field). The body is read but
	 * not released; the payload is copied out of it.
	 * @throws ProtocolException if the body does not follow the layout
	 */
	public Frame decodeBody(ByteBuf body) {
		int size = body.readableBytes();
		if (size < ProtocolSettings.HEADER_BYTES) {
			throw new ProtocolException(Reason.TRUNCATED, "packet size 0 leaves no room for the header");
		}
		int header = body.readUnsignedByte();
		if ((header & HEARTBEAT_FLAG) != 0) {
			if (size == Heartbeat.PLAIN_SIZE) {
				return Heartbeat.plain();
			}
			if (size == Heartbeat.TIMED_SIZE) {
				return Heartbeat.withTime(this.littleEndian ? body.readLongLE() : body.readLong());
			}
			throw new ProtocolException(Reason.MALFORMED,
					"heartbeat size " + size + " (expected " + Heartbeat.PLAIN_SIZE + " or " + Heartbeat.TIMED_SIZE + ")");
		}
		if (size < this.settings.minDataSize()) {
			throw new ProtocolException(Reason.TRUNCATED,
					"packet size " + size + " is below the " + this.settings.minDataSize() + " bytes of header, route and seq");
		}
		// maxSize() also admits a timed heartbeat, which may exceed the largest data packet
		int maxDataSize = this.settings.minDataSize() + this.settings.maxPayloadBytes();
		if (size > maxDataSize) {
			throw new ProtocolException(Reason.OVERSIZED,
					"data packet size " + size + " exceeds the maximum of " + maxDataSize);
		}
		int route = readSigned(body, this.settings.routeBytes());
		int seq = readSigned(body, this.settings.seqBytes());
		byte[] payload = new byte[body.readableBytes()];
		body.readBytes(payload);
		return new Packet(route, seq, payload, header & EXTCODE_MASK);
	}

	/** The number of bytes {@code frame} takes on the wire, {@code size} field included. */
	public int encodedLength(Frame frame) {
		if (frame instanceof Packet packet) {
			return ProtocolSettings.SIZE_FIELD_BYTES + this.settings.minDataSize() + packet.payload().length;
		}
		return ProtocolSettings.SIZE_FIELD_BYTES
				+ (((Heartbeat) frame).hasTime() ? Heartbeat.TIMED_SIZE : Heartbeat.PLAIN_SIZE);
	}

	/**
	 * Writes {@code frame}, {@code size} field included.
	 * @throws IllegalArgumentException if the route, seq or payload does not fit the settings
	 */
	public void encode(Frame frame, ByteBuf out) {
		if (frame instanceof Packet packet) {
			encodePacket(packet, out);
		}
		else {
			encodeHeartbeat((Heartbeat) frame, out);
		}
	}

	/** Allocates a buffer of the exact size and writes {@code frame} into it. */
	public ByteBuf encode(Frame frame, ByteBufAllocator allocator) {
		ByteBuf out = allocator.buffer(encodedLength(frame));
		try {
			encode(frame, out);
			return out;
		}
		catch (RuntimeException ex) {
			out.release();
			throw ex;
		}
	}

	private void encodePacket(Packet packet, ByteBuf out) {
		byte[] payload = packet.payload();
		if (payload.length > this.settings.maxPayloadBytes()) {
			throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: <= "
					+ this.settings.maxPayloadBytes() + ")");
		}
		checkFits("route", packet.route(), this.settings.routeBytes());
		checkFits("seq", packet.seq(), this.settings.seqBytes());
		writeInt(out, this.settings.minDataSize() + payload.length, 4);
		out.writeByte(packet.extcode());
		writeInt(out, packet.route(), this.settings.routeBytes());
		writeInt(out, packet.seq(), this.settings.seqBytes());
		out.writeBytes(payload);
	}

	private void encodeHeartbeat(Heartbeat heartbeat, ByteBuf out) {
		writeInt(out, heartbeat.hasTime() ? Heartbeat.TIMED_SIZE : Heartbeat.PLAIN_SIZE, 4);
		out.writeByte(HEARTBEAT_FLAG);
		if (heartbeat.hasTime()) {
			if (this.littleEndian) {
				out.writeLongLE(heartbeat.time());
			}
			else {
				out.writeLong(heartbeat.time());
			}
		}
	}

	private static void checkFits(String field, int value, int bytes) {
		if (bytes == 4) {
			return;
		}
		int min = (bytes == 0) ? 0 : -(1 << (bytes * 8 - 1));
		int max = (bytes == 0) ? 0 : (1 << (bytes * 8 - 1)) - 1;
		if (value < min || value > max) {
			throw new IllegalArgumentException(field + ": " + value + " (expected: " + min + " to " + max + " for "
					+ bytes + " bytes)");
		}
	}

	private int readSigned(ByteBuf in, int bytes) {
		return switch (bytes) {
			case 0 -> 0;
			case 1 -> in.readByte();
			case 2 -> this.littleEndian ? in.readShortLE() : in.readShort();
			default -> this.littleEndian ? in.readIntLE() : in.readInt();
		};
	}

	private void writeInt(ByteBuf out, int value, int bytes) {
		switch (bytes) {
			case 0 -> {
			}
			case 1 -> out.writeByte(value);
			case 2 -> {
				if (this.littleEndian) {
					out.writeShortLE(value);
				}
				else {
					out.writeShort(value);
				}
			}
			default -> {
				if (this.littleEndian) {
					out.writeIntLE(value);
				}
				else {
					out.writeInt(value);
				}
			}
		}
	}

}
