package io.rally.gate.internal.limits;

import java.util.Map;

import io.rally.gate.api.RateLimitAction;

/**
 * The inbound rate limits of every client connection: messages and payload bytes a second, each
 * with a burst, tighter limits for some routes, and what happens to a connection over a limit.
 *
 * @param messagesPerSecond data packets a connection may send a second; 0 turns the limit off
 * @param messageBurst packets a connection may send at once after being quiet
 * @param bytesPerSecond payload bytes a connection may send a second; 0 turns the limit off
 * @param byteBurst payload bytes a connection may send at once after being quiet
 * @param routes limits of single routes (a login, say), by route: packets a second and burst
 * @param action what follows a packet over a limit
 */
public record RateLimits(double messagesPerSecond, double messageBurst, double bytesPerSecond, double byteBurst,
		Map<Integer, Route> routes, RateLimitAction action) {

	/** No limit at all. */
	public static final RateLimits OFF = new RateLimits(0, 1, 0, 1, Map.of(), RateLimitAction.SLOW);

	public RateLimits {
		requireRate("messagesPerSecond", messagesPerSecond, messageBurst);
		requireRate("bytesPerSecond", bytesPerSecond, byteBurst);
		routes = Map.copyOf(routes);
		if (action == null) {
			throw new IllegalArgumentException("action: null (expected: SLOW or CLOSE)");
		}
	}

	/** Whether any limit is on. */
	public boolean enabled() {
		return this.messagesPerSecond > 0 || this.bytesPerSecond > 0 || !this.routes.isEmpty();
	}

	private static void requireRate(String name, double perSecond, double burst) {
		if (perSecond < 0) {
			throw new IllegalArgumentException(name + ": " + perSecond + " (expected: >= 0)");
		}
		if (perSecond > 0 && burst < 1) {
			throw new IllegalArgumentException(name + " burst: " + burst + " (expected: >= 1)");
		}
	}

	/**
	 * The limit of one route.
	 *
	 * @param messagesPerSecond packets of the route a connection may send a second
	 * @param burst packets of the route a connection may send at once
	 */
	public record Route(double messagesPerSecond, double burst) {

		public Route {
			if (messagesPerSecond <= 0) {
				throw new IllegalArgumentException("route messagesPerSecond: " + messagesPerSecond + " (expected: > 0)");
			}
			if (burst < 1) {
				throw new IllegalArgumentException("route burst: " + burst + " (expected: >= 1)");
			}
		}

	}

}
