package io.rally.gate.internal.limits;

/**
 * A token bucket: {@code rate} tokens a second, at most {@code burst} saved up. A take that
 * finds too few tokens still takes them, leaving a debt, and says how long the debt takes to
 * pay off: a sender slowed down for that long is back under its rate, and what it sent was
 * not refused.
 *
 * <p>Not thread-safe: one per connection, on its event loop. Time is the caller's
 * {@link System#nanoTime()}, read once for all buckets a packet takes from.
 */
public final class TokenBucket {

	private final double tokensPerNano;

	private final double burst;

	private double tokens;

	private long last;

	/**
	 * @param perSecond tokens added a second, more than 0
	 * @param burst the most tokens saved up, at least 1; the bucket starts full
	 * @param now the current time in nanoseconds
	 */
	public TokenBucket(double perSecond, double burst, long now) {
		if (perSecond <= 0) {
			throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
		}
		if (burst < 1) {
			throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
		}
		this.tokensPerNano = perSecond / 1e9;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}

	/**
	 * Takes {@code amount} tokens.
	 * @return 0 if there were enough; otherwise the nanoseconds until the debt is paid off
	 */
	public long take(double amount, long now) {
		long elapsed = now - this.last;
		if (elapsed > 0) {
			this.tokens = Math.min(this.burst, this.tokens + elapsed * this.tokensPerNano);
			this.last = now;
		}
		this.tokens -= amount;
		return (this.tokens >= 0) ? 0 : (long) Math.ceil(-this.tokens / this.tokensPerNano);
	}

	/** The tokens left now, negative while in debt. */
	public double tokens() {
		return this.tokens;
	}

}
