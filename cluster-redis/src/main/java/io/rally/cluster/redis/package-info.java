/**
 * Cluster mode's {@link io.rally.cluster.Locator} in Redis: {@link io.rally.cluster.redis.RedisLocator},
 * with change notifications ({@link io.rally.cluster.redis.LocatorEvent}) over Redis pub/sub and a
 * local cache they keep fresh.
 */
package io.rally.cluster.redis;
