package io.rally.cluster.redis.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.event.ClusterEvent;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.event.ClusterEvent.UserBoundToNode;
import io.rally.cluster.event.ClusterEvent.UserEvent;
import io.rally.cluster.event.ClusterEvent.UserOffline;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEvent.UserUnboundFromNode;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.event.EventDispatcher;
import io.rally.cluster.event.InstanceEventSource;
import io.rally.cluster.redis.LocatorEvent;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The event bus of cluster mode. Each kind of event takes the path on which every instance
 * already sees it:
 * <ul>
 * <li>user events are the binding changes the {@link RedisLocator} hears on its channel, made
 * by any instance of the cluster;</li>
 * <li>instance events are derived by each instance from its own view of the
 * {@link InstanceRegistry} ({@link InstanceEventSource}), never sent between instances;</li>
 * <li>custom events are published on one Redis pub/sub channel (by default
 * {@code <key-prefix>:events}), each message the topic, a line feed and the payload. Every
 * instance receives every topic and keeps the ones it has subscribers for, so custom events
 * suit control traffic rather than bulk data. A bus hears its own events through Redis too, and
 * none at all while Redis is unreachable.</li>
 * </ul>
 * Threading, ordering and delivery as described on {@link ClusterEventBus}; listeners never run
 * on a Lettuce thread.
 *
 * <p>Observing the locator and the registry starts at construction; {@link #start()} subscribes
 * to the custom event channel in the background. As a {@link SmartLifecycle} bean it is started
 * and stopped with its application context. Thread-safe.
 */
public final class RedisClusterEventBus implements ClusterEventBus, SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisClusterEventBus.class);

	private final EventDispatcher dispatcher;

	private final EventChannel channel;

	private final List<AutoCloseable> sources = new ArrayList<>();

	/**
	 * @param connectionFactory a started factory whose Lettuce client carries the bus's
	 * connections
	 * @param properties the key prefix, events channel and command timeout
	 * @param locator the locator whose changes become user events, or {@code null} for none
	 * @param registry the registry whose changes become instance events, or {@code null} for none
	 * @param maxQueuedEvents most events waiting per subscription, and most custom events waiting
	 * to be published, before further ones are dropped
	 */
	public RedisClusterEventBus(LettuceConnectionFactory connectionFactory, RedisLocatorProperties properties,
			RedisLocator locator, InstanceRegistry registry, int maxQueuedEvents) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		String prefix = properties.requiredKeyPrefix();
		Duration timeout = properties.requiredCommandTimeout();
		String channel = properties.getEventsChannel();
		channel = (channel == null || channel.isEmpty()) ? prefix + ":events" : channel;
		this.dispatcher = new EventDispatcher("rally-events", maxQueuedEvents);
		this.channel = new EventChannel(connectionFactory.getRequiredNativeClient(), channel, timeout,
				maxQueuedEvents, this::received);
		if (locator != null) {
			this.sources.add(locator.subscribe((event) -> this.dispatcher.dispatch(userEvent(event))));
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
		byte[] name = CustomEvent.checkTopic(topic).getBytes(StandardCharsets.US_ASCII);
		Objects.requireNonNull(payload, "payload");
		byte[] message = Arrays.copyOf(name, name.length + 1 + payload.length);
		message[name.length] = '\n';
		System.arraycopy(payload, 0, message, name.length + 1, payload.length);
		this.channel.send(message);
	}

	private void received(byte[] message) {
		int end = 0;
		while (end < message.length && message[end] != '\n') {
			end++;
		}
		try {
			String topic = new String(message, 0, end, StandardCharsets.US_ASCII);
			this.dispatcher.dispatch(new CustomEvent(topic, Arrays.copyOfRange(message, end + 1, message.length)));
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Ignored a message without a valid topic on the events channel");
		}
	}

	static UserEvent userEvent(LocatorEvent event) {
		return switch (event.type()) {
			case GATE_BOUND -> new UserOnline(event.userId(), event.instanceId());
			case GATE_UNBOUND -> new UserOffline(event.userId(), event.instanceId());
			case NODE_BOUND -> new UserBoundToNode(event.userId(), event.group(), event.instanceId());
			case NODE_UNBOUND -> new UserUnboundFromNode(event.userId(), event.group(), event.instanceId());
		};
	}

	/** True while the custom event channel is subscribed. */
	public boolean isSubscribed() {
		return this.channel.isSubscribed();
	}

	/** Events dropped so far because a subscription's queue was full. */
	public long droppedEvents() {
		return this.dispatcher.droppedEvents();
	}

	/** Custom events published here that were not sent: queue full or Redis unreachable. */
	public long unsentEvents() {
		return this.channel.unsent();
	}

	/** Subscribes to the custom event channel in the background. */
	@Override
	public void start() {
		this.channel.start();
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.channel.isRunning();
	}

	/**
	 * Stops observing, closes the channel and ends every subscription. Blocks until a pending
	 * attempt to connect has finished, for at most the command timeout.
	 */
	@Override
	public void close() {
		for (AutoCloseable source : this.sources) {
			try {
				source.close();
			}
			catch (Exception ex) {
				logger.debug("Could not stop observing " + source, ex);
			}
		}
		this.channel.close();
		this.dispatcher.close();
	}

}
