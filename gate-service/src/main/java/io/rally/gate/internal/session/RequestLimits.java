package io.rally.gate.internal.session;

import java.time.Duration;

/**
 * How many requests one connection may have awaiting their reply, and for how long an
 * unanswered one counts ({@code rally.gate.limits.max-in-flight}, {@code in-flight-timeout}).
 *
 * @param maxInFlight the most requests of one connection awaiting a reply
 * @param inFlightTimeout how long a request without a reply holds its slot
 */
public record RequestLimits(int maxInFlight, Duration inFlightTimeout) {

	/** 64 requests in flight, each counted for at most 10 seconds. */
	public static final RequestLimits DEFAULTS = new RequestLimits(64, Duration.ofSeconds(10));

	public RequestLimits {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: > 0)");
		}
		if (inFlightTimeout.isNegative() || inFlightTimeout.isZero()) {
			throw new IllegalArgumentException("inFlightTimeout: " + inFlightTimeout + " (expected: > 0)");
		}
	}

	/** A new, empty account of one connection's requests in flight. */
	InFlightRequests newAccount() {
		return new InFlightRequests(this.maxInFlight, this.inFlightTimeout.toNanos());
	}

}
