package io.rally.protocol;

/**
 * A heartbeat: the header's bit 7 set, and optionally the sender's clock.
 *
 * <p>Without time it is five bytes on the wire ({@code 00 00 00 01 80}); with time the
 * {@code size} is 9 and an int64 follows the header. Which unit that int64 has is a gate
 * setting: due's server writes Unix nanoseconds, its TypeScript client reads milliseconds.
 *
 * @param time the carried clock value, or {@link #NO_TIME}
 */
public record Heartbeat(long time) implements Frame {

	/** Marks a heartbeat that carries no time. */
	public static final long NO_TIME = Long.MIN_VALUE;

	/** {@code size} of a heartbeat without time. */
	public static final int PLAIN_SIZE = 1;

	/** {@code size} of a heartbeat with time. */
	public static final int TIMED_SIZE = 9;

	private static final Heartbeat PLAIN = new Heartbeat(NO_TIME);

	/** The heartbeat without time. */
	public static Heartbeat plain() {
		return PLAIN;
	}

	public static Heartbeat withTime(long time) {
		return new Heartbeat(time);
	}

	public boolean hasTime() {
		return this.time != NO_TIME;
	}

}
