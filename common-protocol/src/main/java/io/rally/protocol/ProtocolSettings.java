package io.rally.protocol;

import java.nio.ByteOrder;

/**
 * The deployment settings of the client wire protocol. Client and gate must agree on all of
 * them; nothing is negotiated on the wire. Defaults are those of the due v2 framework.
 *
 * <p>Instances are immutable; build them with {@link #builder()}.
 */
public final class ProtocolSettings {

	/** Bytes taken by the {@code size} field in front of every packet. */
	public static final int SIZE_FIELD_BYTES = 4;

	/** Bytes taken by the header after the {@code size} field. */
	public static final int HEADER_BYTES = 1;

	private static final ProtocolSettings DEFAULTS = builder().build();

	private final ByteOrder byteOrder;

	private final int routeBytes;

	private final int seqBytes;

	private final int maxPayloadBytes;

	private ProtocolSettings(Builder builder) {
		this.byteOrder = builder.byteOrder;
		this.routeBytes = builder.routeBytes;
		this.seqBytes = builder.seqBytes;
		this.maxPayloadBytes = builder.maxPayloadBytes;
	}

	/** The due v2 defaults: big-endian, 2 route bytes, 2 seq bytes, 5000 payload bytes. */
	public static ProtocolSettings defaults() {
		return DEFAULTS;
	}

	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		return new Builder().byteOrder(this.byteOrder)
			.routeBytes(this.routeBytes)
			.seqBytes(this.seqBytes)
			.maxPayloadBytes(this.maxPayloadBytes);
	}

	public ByteOrder byteOrder() {
		return this.byteOrder;
	}

	public int routeBytes() {
		return this.routeBytes;
	}

	public int seqBytes() {
		return this.seqBytes;
	}

	public int maxPayloadBytes() {
		return this.maxPayloadBytes;
	}

	/** Header, route and seq: the smallest {@code size} a data packet can declare. */
	public int minDataSize() {
		return HEADER_BYTES + this.routeBytes + this.seqBytes;
	}

	/** The largest {@code size} a packet may declare; anything larger is rejected unread. */
	public int maxSize() {
		return Math.max(minDataSize() + this.maxPayloadBytes, Heartbeat.TIMED_SIZE);
	}

	/** The largest route value that fits the route field. */
	public int maxRoute() {
		return maxSigned(this.routeBytes);
	}

	/** The largest seq value that fits the seq field, 0 when seq is absent. */
	public int maxSeq() {
		return (this.seqBytes == 0) ? 0 : maxSigned(this.seqBytes);
	}

	private static int maxSigned(int bytes) {
		return (bytes == 4) ? Integer.MAX_VALUE : (1 << (bytes * 8 - 1)) - 1;
	}

	@Override
	public String toString() {
		return "ProtocolSettings[byteOrder=" + this.byteOrder + ", routeBytes=" + this.routeBytes + ", seqBytes="
				+ this.seqBytes + ", maxPayloadBytes=" + this.maxPayloadBytes + "]";
	}

	/** Builds {@link ProtocolSettings}, rejecting values the wire format cannot carry. */
	public static final class Builder {

		private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;

		private int routeBytes = 2;

		private int seqBytes = 2;

		private int maxPayloadBytes = 5000;

		private Builder() {
		}

		public Builder byteOrder(ByteOrder byteOrder) {
			if (byteOrder == null) {
				throw new IllegalArgumentException("byteOrder: null (expected: BIG_ENDIAN or LITTLE_ENDIAN)");
			}
			this.byteOrder = byteOrder;
			return this;
		}

		public Builder routeBytes(int routeBytes) {
			if (routeBytes != 1 && routeBytes != 2 && routeBytes != 4) {
				throw new IllegalArgumentException("routeBytes: " + routeBytes + " (expected: 1, 2 or 4)");
			}
			this.routeBytes = routeBytes;
			return this;
		}

		public Builder seqBytes(int seqBytes) {
			if (seqBytes != 0 && seqBytes != 1 && seqBytes != 2 && seqBytes != 4) {
				throw new IllegalArgumentException("seqBytes: " + seqBytes + " (expected: 0, 1, 2 or 4)");
			}
			this.seqBytes = seqBytes;
			return this;
		}

		public Builder maxPayloadBytes(int maxPayloadBytes) {
			if (maxPayloadBytes < 0 || maxPayloadBytes > 64 * 1024 * 1024) {
				throw new IllegalArgumentException(
						"maxPayloadBytes: " + maxPayloadBytes + " (expected: 0 to 67108864)");
			}
			this.maxPayloadBytes = maxPayloadBytes;
			return this;
		}

		public ProtocolSettings build() {
			return new ProtocolSettings(this);
		}

	}

}
