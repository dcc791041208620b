package io.rally.gate.internal.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

import io.rally.gate.internal.metrics.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Connection slots per client address: at most {@code maxConnections} open at once, and new
 * ones at {@code connectionsPerSecond} on average with bursts of {@code burst} (a token bucket
 * per address). An IPv6 address counts by its prefix (a /64 by default: what one subscriber
 * usually gets, and so what one attacker can pick addresses from).
 *
 * <p>The state is bounded, whatever addresses connect: an address is tracked while it has a
 * connection open, and after that only until its bucket is full again; when
 * {@code maxTracked} addresses are tracked and another connects, the idle ones are forgotten,
 * those with full buckets first (forgetting an address only gives it a fresh burst). So at most
 * {@code maxTracked} addresses plus those with connections open are held.
 *
 * <p>A refused address is logged at most once per log interval, and all addresses together at
 * most {@value #LOG_LINES_PER_INTERVAL} times; every refusal is counted by the caller.
 * Thread-safe: one lock, taken once when a connection is accepted and once when it closes.
 */
public final class PerIpLimits {

	/** No limits and no state: every connection is admitted. */
	public static final PerIpLimits OFF = new PerIpLimits(0, 0, 1, 1, 64, Duration.ofMinutes(1));

	static final int LOG_LINES_PER_INTERVAL = 10;

	private static final Log logger = LogFactory.getLog(PerIpLimits.class);

	private final int maxConnections;

	private final double connectionsPerSecond;

	private final double tokensPerNano;

	private final int burst;

	private final int maxTracked;

	private final int ipv6PrefixBits;

	private final long logIntervalNanos;

	private final LongSupplier clock;

	private final Map<InetAddress, Entry> entries = new HashMap<>();

	private long lastSweep;

	private long logWindowStart;

	private int logLinesInWindow;

	private long unlogged;

	/**
	 * @param maxConnections the most open connections per address; 0 for no cap
	 * @param connectionsPerSecond new connections per address and second, on average; 0 for no
	 * rate limit
	 * @param burst new connections an address may open at once before the rate applies
	 * @param maxTracked the most idle addresses whose rate state is kept
	 * @param ipv6PrefixBits the leading bits of an IPv6 address that count as one address
	 * @param logInterval how often one address's refusals are logged at most
	 */
	public PerIpLimits(int maxConnections, double connectionsPerSecond, int burst, int maxTracked,
			int ipv6PrefixBits, Duration logInterval) {
		this(maxConnections, connectionsPerSecond, burst, maxTracked, ipv6PrefixBits, logInterval, System::nanoTime);
	}

	PerIpLimits(int maxConnections, double connectionsPerSecond, int burst, int maxTracked, int ipv6PrefixBits,
			Duration logInterval, LongSupplier clock) {
		if (maxConnections < 0) {
			throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 0)");
		}
		if (!(connectionsPerSecond >= 0) || Double.isInfinite(connectionsPerSecond)) {
			throw new IllegalArgumentException(
					"connectionsPerSecond: " + connectionsPerSecond + " (expected: >= 0 and finite)");
		}
		if (burst < 1) {
			throw new IllegalArgumentException("burst: " + burst + " (expected: > 0)");
		}
		if (maxTracked < 1) {
			throw new IllegalArgumentException("maxTracked: " + maxTracked + " (expected: > 0)");
		}
		if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
			throw new IllegalArgumentException("ipv6PrefixBits: " + ipv6PrefixBits + " (expected: 1 to 128)");
		}
		if (logInterval.isNegative()) {
			throw new IllegalArgumentException("logInterval: " + logInterval + " (expected: >= 0)");
		}
		this.maxConnections = maxConnections;
		this.connectionsPerSecond = connectionsPerSecond;
		this.tokensPerNano = connectionsPerSecond / 1e9;
		this.burst = burst;
		this.maxTracked = maxTracked;
		this.ipv6PrefixBits = ipv6PrefixBits;
		this.logIntervalNanos = logInterval.toNanos();
		this.clock = clock;
		long now = clock.getAsLong();
		this.lastSweep = now;
		this.logWindowStart = now - this.logIntervalNanos;
	}

	/** Whether neither limit is on, so that nothing is tracked. */
	public boolean isOff() {
		return this.maxConnections == 0 && this.connectionsPerSecond == 0;
	}

	/**
	 * Takes a slot for a new connection from {@code ip}; one taken must be {@linkplain #release
	 * released} when the connection closes.
	 * @return {@code null} if the connection may open, else why not:
	 * {@link CloseReason#CONNECTION_RATE} or {@link CloseReason#PER_IP_LIMIT}
	 */
	public CloseReason tryAcquire(InetAddress ip) {
		if (isOff()) {
			return null;
		}
		InetAddress key = keyOf(ip);
		String log;
		CloseReason refused;
		synchronized (this) {
			long now = this.clock.getAsLong();
			sweepIfDue(now);
			Entry entry = this.entries.get(key);
			if (entry == null) {
				if (this.entries.size() >= this.maxTracked) {
					evictIdle(now);
				}
				entry = new Entry(this.burst, now, now - this.logIntervalNanos);
				this.entries.put(key, entry);
			}
			refused = null;
			if (this.connectionsPerSecond > 0) {
				refill(entry, now);
				if (entry.tokens < 1) {
					refused = CloseReason.CONNECTION_RATE;
				}
				else {
					entry.tokens -= 1;
				}
			}
			if (refused == null && this.maxConnections > 0 && entry.open >= this.maxConnections) {
				refused = CloseReason.PER_IP_LIMIT;
			}
			if (refused == null) {
				entry.open++;
				return null;
			}
			entry.refused++;
			log = logLine(key, entry, refused, now);
		}
		if (log != null) {
			logger.warn(log);
		}
		return refused;
	}

	/** Gives back a slot {@link #tryAcquire} took for {@code ip}. */
	public void release(InetAddress ip) {
		if (isOff()) {
			return;
		}
		InetAddress key = keyOf(ip);
		synchronized (this) {
			Entry entry = this.entries.get(key);
			if (entry == null || entry.open == 0) {
				return;
			}
			entry.open--;
			if (entry.open == 0 && isSpent(entry, this.clock.getAsLong())) {
				this.entries.remove(key);
			}
		}
	}

	/** How many addresses are tracked now. */
	public synchronized int tracked() {
		return this.entries.size();
	}

	/** How many connections {@code ip} has open, as counted here. */
	public synchronized int open(InetAddress ip) {
		Entry entry = this.entries.get(keyOf(ip));
		return (entry != null) ? entry.open : 0;
	}

	/** The address {@code ip} counts as: itself, or for IPv6 its prefix. */
	InetAddress keyOf(InetAddress ip) {
		InetAddress address = ClientAddress.unmapped(ip);
		if (!(address instanceof Inet6Address) || this.ipv6PrefixBits == 128) {
			return address;
		}
		byte[] bytes = address.getAddress();
		int full = this.ipv6PrefixBits / 8;
		int rest = this.ipv6PrefixBits % 8;
		if (rest != 0) {
			bytes[full] &= (byte) (0xFF << (8 - rest));
			full++;
		}
		for (int i = full; i < bytes.length; i++) {
			bytes[i] = 0;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void refill(Entry entry, long now) {
		long elapsed = now - entry.refilledAt;
		if (elapsed > 0) {
			entry.tokens = Math.min(this.burst, entry.tokens + elapsed * this.tokensPerNano);
			entry.refilledAt = now;
		}
	}

	/** Whether an idle entry holds nothing a new one would not: its bucket has refilled. */
	private boolean isSpent(Entry entry, long now) {
		if (this.connectionsPerSecond == 0) {
			return true;
		}
		refill(entry, now);
		return entry.tokens >= this.burst;
	}

	/** Forgets the spent idle entries now and then, so that the map shrinks when the flood stops. */
	private void sweepIfDue(long now) {
		// A full bucket takes burst / rate to refill; sweeping once per that time (at least 1 s)
		// keeps the cost a fraction of the accepts that filled the map.
		long period = Math.max(1_000_000_000L,
				(this.connectionsPerSecond > 0) ? (long) (this.burst / this.tokensPerNano) : 0);
		if (now - this.lastSweep < period || this.entries.isEmpty()) {
			return;
		}
		this.lastSweep = now;
		this.entries.values().removeIf((entry) -> entry.open == 0 && isSpent(entry, now));
	}

	/**
	 * Makes room for new addresses: forgets the spent idle entries, then, if that is not enough,
	 * other idle ones, down to three quarters of the cap so that this runs once per many new
	 * addresses. Entries with open connections stay.
	 */
	private void evictIdle(long now) {
		this.lastSweep = now;
		this.entries.values().removeIf((entry) -> entry.open == 0 && isSpent(entry, now));
		int target = this.maxTracked - Math.max(1, this.maxTracked / 4);
		Iterator<Entry> iterator = this.entries.values().iterator();
		while (this.entries.size() > target && iterator.hasNext()) {
			if (iterator.next().open == 0) {
				iterator.remove();
			}
		}
	}

	private String logLine(InetAddress key, Entry entry, CloseReason reason, long now) {
		if (now - entry.lastLogged < this.logIntervalNanos) {
			return null;
		}
		if (now - this.logWindowStart >= this.logIntervalNanos) {
			this.logWindowStart = now;
			this.logLinesInWindow = 0;
		}
		if (this.logLinesInWindow >= LOG_LINES_PER_INTERVAL) {
			this.unlogged++;
			return null;
		}
		this.logLinesInWindow++;
		entry.lastLogged = now;
		long refusals = entry.refused;
		entry.refused = 0;
		long others = this.unlogged;
		this.unlogged = 0;
		String why = (reason == CloseReason.PER_IP_LIMIT)
				? entry.open + " connections open, the most one address may have"
				: "more than " + this.burst + " new connections at once or " + this.connectionsPerSecond
						+ " a second";
		return "Refused " + refusals + " connection(s) from " + key.getHostAddress()
				+ ((key instanceof Inet6Address && this.ipv6PrefixBits < 128) ? "/" + this.ipv6PrefixBits : "")
				+ " (" + reason.tag() + "): " + why + ((others > 0) ? "; " + others
						+ " refusal(s) of other addresses were not logged" : "")
				+ "; this address is logged again in " + Duration.ofNanos(this.logIntervalNanos) + " at the soonest";
	}

	private static final class Entry {

		int open;

		double tokens;

		long refilledAt;

		long lastLogged;

		long refused;

		Entry(int tokens, long now, long lastLogged) {
			this.tokens = tokens;
			this.refilledAt = now;
			this.lastLogged = lastLogged;
		}

	}

}
