package io.rally.gate.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.rally.gate.api.RateLimitAction;
import io.rally.gate.internal.limits.RateLimits;
import io.rally.gate.internal.session.RequestLimits;
import org.springframework.util.unit.DataSize;

/**
 * What one client connection may ask of the gate, under {@code rally.gate.limits}: requests in
 * flight, and inbound rates. Every limit holds a connection back rather than dropping what it
 * sent; over its limits a connection is read more slowly (or, if so configured, closed).
 */
public class GateLimitsProperties {

	/** The most requests (packets with a seq) of one connection awaiting a reply; the gate stops reading from a connection at this limit until a reply goes out. */
	private int maxInFlight = RequestLimits.DEFAULTS.maxInFlight();

	/** How long a request without a reply counts as in flight: a handler that answers nothing frees its slot only then. */
	private Duration inFlightTimeout = RequestLimits.DEFAULTS.inFlightTimeout();

	private final Rate rate = new Rate();

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public Duration getInFlightTimeout() {
		return this.inFlightTimeout;
	}

	public void setInFlightTimeout(Duration inFlightTimeout) {
		this.inFlightTimeout = inFlightTimeout;
	}

	public Rate getRate() {
		return this.rate;
	}

	RequestLimits toRequestLimits() {
		return new RequestLimits(this.maxInFlight, this.inFlightTimeout);
	}

	/** Inbound rate limits of each connection, as token buckets; heartbeats never count. */
	public static class Rate {

		/** Whether the rate limits apply. */
		private boolean enabled = true;

		/** Data packets a connection may send a second, on average; 0 for no limit. */
		private double messagesPerSecond = 2000;

		/** Data packets a connection may send at once after being quiet. */
		private int messageBurst = 4000;

		/** Payload bytes a connection may send a second, on average; 0 for no limit. */
		private DataSize bytesPerSecond = DataSize.ofMegabytes(1);

		/** Payload bytes a connection may send at once after being quiet. */
		private DataSize byteBurst = DataSize.ofMegabytes(2);

		/** What happens to a connection over a limit: SLOW stops reading from it until its budget refills, CLOSE closes it (reason rate_limited). */
		private RateLimitAction action = RateLimitAction.SLOW;

		/** Tighter limits for single routes, by route number, for example a login route. */
		private Map<Integer, Route> routes = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getMessagesPerSecond() {
			return this.messagesPerSecond;
		}

		public void setMessagesPerSecond(double messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
		}

		public int getMessageBurst() {
			return this.messageBurst;
		}

		public void setMessageBurst(int messageBurst) {
			this.messageBurst = messageBurst;
		}

		public DataSize getBytesPerSecond() {
			return this.bytesPerSecond;
		}

		public void setBytesPerSecond(DataSize bytesPerSecond) {
			this.bytesPerSecond = bytesPerSecond;
		}

		public DataSize getByteBurst() {
			return this.byteBurst;
		}

		public void setByteBurst(DataSize byteBurst) {
			this.byteBurst = byteBurst;
		}

		public RateLimitAction getAction() {
			return this.action;
		}

		public void setAction(RateLimitAction action) {
			this.action = action;
		}

		public Map<Integer, Route> getRoutes() {
			return this.routes;
		}

		public void setRoutes(Map<Integer, Route> routes) {
			this.routes = routes;
		}

		RateLimits toRateLimits() {
			if (!this.enabled) {
				return RateLimits.OFF;
			}
			Map<Integer, RateLimits.Route> byRoute = new LinkedHashMap<>();
			this.routes.forEach((route, limit) -> byRoute.put(route,
					new RateLimits.Route(limit.getMessagesPerSecond(), limit.getBurst())));
			return new RateLimits(this.messagesPerSecond, this.messageBurst, this.bytesPerSecond.toBytes(),
					this.byteBurst.toBytes(), byRoute, this.action);
		}

	}

	/** The rate limit of one route. */
	public static class Route {

		/** Packets of this route a connection may send a second, on average. */
		private double messagesPerSecond = 1;

		/** Packets of this route a connection may send at once after being quiet. */
		private int burst = 5;

		public double getMessagesPerSecond() {
			return this.messagesPerSecond;
		}

		public void setMessagesPerSecond(double messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

	}

}
