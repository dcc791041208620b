package io.rally.cluster.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Redis locator, under {@code rally.cluster.redis}. How to reach Redis comes
 * from Spring Boot's {@code spring.data.redis.*}.
 */
@ConfigurationProperties("rally.cluster.redis")
public class RedisLocatorProperties {

	/** Prefix of every key the locator writes, so that several Rally clusters can share one Redis. */
	private String keyPrefix = "rally";

	/** Pub/sub channel on which binding changes are announced; empty for the key prefix followed by ":locator". */
	private String channel = "";

	/** Pub/sub channel that carries the custom events of the cluster event bus; empty for the key prefix followed by ":events". */
	private String eventsChannel = "";

	/** How long an operation may wait for Redis before it fails with a LocatorUnavailableException. */
	private Duration commandTimeout = Duration.ofSeconds(2);

	/** Most bindings each instance keeps in its local cache; 0 turns the cache off. */
	private int cacheMaxEntries = 100_000;

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public String getChannel() {
		return this.channel;
	}

	public void setChannel(String channel) {
		this.channel = channel;
	}

	public String getEventsChannel() {
		return this.eventsChannel;
	}

	public void setEventsChannel(String eventsChannel) {
		this.eventsChannel = eventsChannel;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public int getCacheMaxEntries() {
		return this.cacheMaxEntries;
	}

	public void setCacheMaxEntries(int cacheMaxEntries) {
		this.cacheMaxEntries = cacheMaxEntries;
	}

	/** The key prefix, which locator and event bus both need; rejects an empty one. */
	public String requiredKeyPrefix() {
		if (this.keyPrefix == null || this.keyPrefix.isEmpty()) {
			throw new IllegalArgumentException("keyPrefix: '" + this.keyPrefix + "' (expected: not empty)");
		}
		return this.keyPrefix;
	}

	/** The command timeout, which locator and event bus both need; rejects one that is not positive. */
	public Duration requiredCommandTimeout() {
		if (this.commandTimeout == null || this.commandTimeout.isNegative() || this.commandTimeout.isZero()) {
			throw new IllegalArgumentException("commandTimeout: " + this.commandTimeout + " (expected: > 0)");
		}
		return this.commandTimeout;
	}

}
