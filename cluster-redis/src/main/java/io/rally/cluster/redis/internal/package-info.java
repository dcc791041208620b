/**
 * The Redis connections under the locator and the event bus: a reconnecting pub/sub
 * {@link io.rally.cluster.redis.internal.ChannelSubscription}, and the Lettuce and thread
 * plumbing it shares with the event bus's publisher. Not a public API.
 */
package io.rally.cluster.redis.internal;
