/**
 * Cluster mode's {@link io.rally.cluster.event.ClusterEventBus}:
 * {@link io.rally.cluster.redis.event.RedisClusterEventBus}, with custom events over Redis
 * pub/sub, user events from the {@link io.rally.cluster.redis.RedisLocator}'s change channel and
 * instance events from the registry.
 */
package io.rally.cluster.redis.event;
