package io.rally.protocol;

import java.util.Arrays;

/**
 * A data packet: route, seq and an opaque payload.
 *
 * <p>The payload array is owned by the packet once it is constructed; callers must not change
 * it afterwards. Seq 0 marks a one-way message (a notify or a push) by convention.
 *
 * <p>The extension code (header bits 0..6) is 0 in everything due writes. Rally gives one value
 * a meaning, as an opt-in a due client never sees: a client that sets {@link #EXT_ERROR} on a
 * packet asks for error packets, and the gate then answers a request it cannot serve with a
 * packet on the same route and seq that carries {@link #EXT_ERROR} and an error payload.
 *
 * @param route the route the packet is addressed to
 * @param seq the request sequence number, echoed unchanged on the response; 0 for one-way
 * @param payload the payload bytes, never {@code null}
 * @param extcode the header's extension code, 0 to 127
 */
public record Packet(int route, int seq, byte[] payload, int extcode) implements Frame {

	/** Extension code of an error packet, and of a client packet that asks for them. */
	public static final int EXT_ERROR = 1;

	private static final byte[] EMPTY = new byte[0];

	public Packet {
		payload = (payload != null) ? payload : EMPTY;
		if (extcode < 0 || extcode > 0x7f) {
			throw new IllegalArgumentException("extcode: " + extcode + " (expected: 0 to 127)");
		}
	}

	/** A plain data packet, extension code 0. */
	public Packet(int route, int seq, byte[] payload) {
		this(route, seq, payload, 0);
	}

	public boolean isError() {
		return this.extcode == EXT_ERROR;
	}

	/** A one-way packet (seq 0). */
	public static Packet oneWay(int route, byte[] payload) {
		return new Packet(route, 0, payload);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Packet that) && this.route == that.route && this.seq == that.seq
				&& this.extcode == that.extcode && Arrays.equals(this.payload, that.payload);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * (31 * this.route + this.seq) + this.extcode) + Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		return "Packet[route=" + this.route + ", seq=" + this.seq + ", extcode=" + this.extcode + ", payload="
				+ this.payload.length + " bytes]";
	}

}
