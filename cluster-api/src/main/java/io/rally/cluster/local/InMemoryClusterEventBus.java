package io.rally.cluster.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.event.ClusterEvent;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.event.EventDispatcher;
import io.rally.cluster.event.InstanceEventSource;

/**
 * The event bus of standalone mode, where the whole cluster is one JVM: user events come from
 * an {@link InMemoryLocator}, instance events from the {@link InstanceRegistry}
 * ({@link InstanceEventSource}), and custom events go straight from {@link #publish} to the
 * subscribers. Threading, ordering and delivery as described on {@link ClusterEventBus}.
 * {@link #close()} stops observing and ends every subscription.
 */
public final class InMemoryClusterEventBus implements ClusterEventBus, AutoCloseable {

	private final EventDispatcher dispatcher;

	private final List<AutoCloseable> sources = new ArrayList<>();

	/** A bus of custom events only. */
	public InMemoryClusterEventBus() {
		this(null, null, EventDispatcher.DEFAULT_MAX_QUEUED_EVENTS);
	}

	/**
	 * A bus that also reports the changes of {@code registry} and {@code locator} from now on.
	 * @param registry the instances to watch, or {@code null} for no instance events
	 * @param locator the bindings to observe, or {@code null} for no user events
	 * @param maxQueuedEvents most events waiting per subscription before further ones are dropped
	 */
	public InMemoryClusterEventBus(InstanceRegistry registry, InMemoryLocator locator, int maxQueuedEvents) {
		this.dispatcher = new EventDispatcher("rally-events", maxQueuedEvents);
		if (locator != null) {
			this.sources.add(locator.subscribe(this.dispatcher::dispatch));
		}
		if (registry != null) {
			this.sources.add(new InstanceEventSource(registry, this.dispatcher::dispatch));
		}
	}

	@Override
	public <E extends ClusterEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> listener) {
		return this.dispatcher.subscribe(type, listener);
	}

	@Override
	public AutoCloseable subscribe(String topic, Consumer<CustomEvent> listener) {
		return this.dispatcher.subscribe(topic, listener);
	}

	@Override
	public void publish(String topic, byte[] payload) {
		this.dispatcher.dispatch(new CustomEvent(topic, Objects.requireNonNull(payload, "payload").clone()));
	}

	/** Events dropped so far because a subscription's queue was full. */
	public long droppedEvents() {
		return this.dispatcher.droppedEvents();
	}

	@Override
	public void close() {
		for (AutoCloseable source : this.sources) {
			try {
				source.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not stop observing " + source, ex);
			}
		}
		this.dispatcher.close();
	}

}
