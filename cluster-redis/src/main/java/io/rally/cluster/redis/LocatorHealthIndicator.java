package io.rally.cluster.redis;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The locator's Redis: UP when a PING over the locator's Lettuce connection factory answers,
 * DOWN with the failure otherwise. The details say whether the locator's change subscription
 * is up (without it the locator works uncached).
 */
public final class LocatorHealthIndicator extends AbstractHealthIndicator {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisLocator locator;

	public LocatorHealthIndicator(LettuceConnectionFactory connectionFactory, RedisLocator locator) {
		super("Redis locator health check failed");
		this.connectionFactory = connectionFactory;
		this.locator = locator;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String pong;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			pong = connection.ping();
		}
		builder.up().withDetail("ping", String.valueOf(pong));
		if (this.locator != null) {
			builder.withDetail("subscribed", this.locator.isSubscribed());
		}
	}

}
