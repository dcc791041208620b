package io.rally.cluster.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Opens pub/sub connections on whichever Lettuce client Spring Data Redis built: a single
 * server's or a Redis Cluster's. {@link ChannelSubscription} needs them directly, because
 * Spring's listener containers do not report a dropped connection.
 */
public final class LettuceClients {

	private LettuceClients() {
	}

	/** A new pub/sub connection on {@code client} with {@code codec}; the caller closes it. */
	public static <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(AbstractRedisClient client,
			RedisCodec<K, V> codec) {
		if (client instanceof RedisClient redis) {
			return redis.connectPubSub(codec);
		}
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connectPubSub(codec);
		}
		throw new IllegalStateException("Unsupported Lettuce client " + client.getClass().getName());
	}

}
