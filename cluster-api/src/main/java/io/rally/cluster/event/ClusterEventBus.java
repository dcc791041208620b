package io.rally.cluster.event;

import java.util.function.Consumer;

import io.rally.cluster.event.ClusterEvent.CustomEvent;

/**
 * Publish/subscribe of {@link ClusterEvent}s across the cluster: users going online and
 * offline and being bound to nodes, instances joining, leaving and changing state, and
 * application events on user-defined topics. Standalone mode keeps it in memory
 * ({@link InMemoryClusterEventBus}); cluster mode carries custom events over Redis pub/sub. The
 * same actions give the same events in either mode.
 *
 * <h2>Threading</h2>
 * <p>Every subscription has its own bounded queue and is served by a thread of the bus, never
 * by the thread that caused the event (a gate's event loop, a Redis I/O thread): a listener
 * may block without holding up the other listeners or the cluster, though while it does its
 * own queue fills. When a subscription's queue is full, further events for that subscription
 * are dropped and counted; other subscriptions still receive them. A listener is called by one
 * thread at a time. A listener that throws is logged and keeps its subscription.
 *
 * <h2>Ordering</h2>
 * <p>Each subscription receives the events of one source in the order the source produced
 * them: the binding changes of the locator (one order for the whole cluster), the changes of
 * the registry seen by this instance, the custom events published by one bus instance. Events
 * of different sources may interleave in any order.
 *
 * <h2>Delivery</h2>
 * <p>At most once, to the subscriptions that exist when the event arrives: a subscriber hears
 * nothing about what happened before it subscribed, nor what happened while the instance was
 * cut off from Redis. Thread-safe.
 */
public interface ClusterEventBus {

	/**
	 * Calls {@code listener} with every event of {@code type} (a record type, a family such as
	 * {@link ClusterEvent.UserEvent}, or {@link ClusterEvent} for all) until the returned handle
	 * is closed. Events still queued for the subscription when it is closed are discarded.
	 */
	<E extends ClusterEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> listener);

	/** Calls {@code listener} with every custom event of {@code topic} until the handle is closed. */
	AutoCloseable subscribe(String topic, Consumer<CustomEvent> listener);

	/**
	 * Publishes a custom event to the subscribers of {@code topic} on every instance, this one
	 * included. Does not block; the event may be dropped (and counted) if it cannot be sent.
	 * @throws IllegalArgumentException if {@code topic} is not a valid topic name
	 * (see {@link CustomEvent})
	 */
	void publish(String topic, byte[] payload);

}
