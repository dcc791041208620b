package io.rally.gate.internal.session;

/**
 * How far a gate lets nodes use channels: bounds on what one client connection can make the
 * gate keep.
 *
 * @param maxNameLength the longest channel name, in chars
 * @param maxPerConnection the most channels one connection can be in at once
 */
public record ChannelLimits(int maxNameLength, int maxPerConnection) {

	/** 128 chars per name, 64 channels per connection. */
	public static final ChannelLimits DEFAULTS = new ChannelLimits(128, 64);

	public ChannelLimits {
		if (maxNameLength < 1) {
			throw new IllegalArgumentException("maxNameLength: " + maxNameLength + " (expected: >= 1)");
		}
		if (maxPerConnection < 1) {
			throw new IllegalArgumentException("maxPerConnection: " + maxPerConnection + " (expected: >= 1)");
		}
	}

}
