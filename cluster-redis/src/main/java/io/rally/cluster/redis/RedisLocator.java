package io.rally.cluster.redis;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.GateBinding;
import io.rally.cluster.Locator;
import io.rally.cluster.redis.LocatorCache.Key;
import io.rally.cluster.redis.LocatorEvent.Type;
import io.rally.cluster.redis.internal.ChannelSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The locator of cluster mode: bindings in Redis (keys described in {@link LocatorSchema}),
 * every change announced on a pub/sub channel, and a local cache of the bindings this instance
 * has seen, kept fresh by those announcements so that lookups rarely reach Redis.
 *
 * <p>Commands run on Spring Data Redis's reactive API over Lettuce; no method blocks. Returned
 * futures complete on a Lettuce or Reactor thread (or at once, from the cache), so callers
 * should not block in their continuations. Every operation fails with a
 * {@link LocatorUnavailableException} once Redis has not answered within the command timeout;
 * Lettuce reconnects by itself, and operations succeed again when Redis is back. The cache is
 * used only while the change channel is subscribed and starts empty after every
 * re-subscription, because messages may have been missed meanwhile.
 *
 * <p>{@link #start()} subscribes in the background; {@link #close()} ends the subscription. As a
 * {@link SmartLifecycle} bean it is started and stopped with its application context. Thread-safe.
 */
public final class RedisLocator implements Locator, SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisLocator.class);

	private final ReactiveStringRedisTemplate redis;

	private final LocatorSchema schema;

	private final String channel;

	private final Duration timeout;

	private final LocatorCache cache;

	private final ChannelSubscription<String> subscription;

	private final List<Consumer<LocatorEvent>> subscribers = new CopyOnWriteArrayList<>();

	private final Map<Operation, Counter> errors = new EnumMap<>(Operation.class);

	/**
	 * @param connectionFactory a started factory (Spring Boot's bean is); its Lettuce client also
	 * carries the locator's pub/sub connection
	 * @param properties the key prefix, channel, timeout and cache size
	 * @param meterRegistry where failed operations are counted as {@code rally.locator.errors}
	 */
	public RedisLocator(LettuceConnectionFactory connectionFactory, RedisLocatorProperties properties,
			MeterRegistry meterRegistry) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		Objects.requireNonNull(meterRegistry, "meterRegistry");
		String prefix = properties.requiredKeyPrefix();
		Duration timeout = properties.requiredCommandTimeout();
		if (properties.getCacheMaxEntries() < 0) {
			throw new IllegalArgumentException(
					"cacheMaxEntries: " + properties.getCacheMaxEntries() + " (expected: >= 0)");
		}
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.schema = new LocatorSchema(prefix);
		String channel = properties.getChannel();
		this.channel = (channel == null || channel.isEmpty()) ? prefix + ":locator" : channel;
		this.timeout = timeout;
		this.cache = new LocatorCache(properties.getCacheMaxEntries());
		this.subscription = new ChannelSubscription<>(connectionFactory.getRequiredNativeClient(), StringCodec.UTF8,
				this.channel, timeout, "rally-locator-subscriber", new ChangeListener());
		for (Operation operation : Operation.values()) {
			this.errors.put(operation, Counter.builder("rally.locator.errors")
				.description("Locator operations that failed because Redis did not answer")
				.tag("operation", operation.label)
				.register(meterRegistry));
		}
	}

	/** Subscribes to the change channel in the background; until then the cache stays unused. */
	@Override
	public void start() {
		this.subscription.start();
	}

	/**
	 * Ends the subscription; operations still work, without the cache. Blocks until a pending
	 * attempt to connect has finished, for at most the command timeout.
	 */
	@Override
	public void close() {
		this.subscription.close();
		this.cache.reset(false);
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.subscription.isRunning();
	}

	/** True while the change channel is subscribed, which is when the local cache is in use. */
	public boolean isSubscribed() {
		return this.cache.isEnabled();
	}

	/**
	 * Calls {@code listener} with every binding change in the cluster (this instance's included)
	 * until the returned handle is closed. Calls come in the order of the changes, on a Lettuce
	 * I/O thread, so the listener must not block. Changes made while the channel was not
	 * subscribed are not reported.
	 */
	public AutoCloseable subscribe(Consumer<LocatorEvent> listener) {
		Objects.requireNonNull(listener, "listener");
		Consumer<LocatorEvent> subscriber = listener::accept;
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	@Override
	public CompletableFuture<Optional<String>> gateOf(long userId) {
		return lookup(Operation.GATE_OF, Key.gate(userId), this.schema.gateKey(userId));
	}

	@Override
	public CompletableFuture<GateBinding> bindGate(long userId, String gateId) {
		LocatorSchema.checkId("gateId", gateId);
		String message = LocatorSchema.encode(new LocatorEvent(Type.GATE_BOUND, userId, null, gateId));
		Mono<GateBinding> command = this.redis
			.execute(LocatorSchema.BIND_GATE, List.of(this.schema.gateKey(userId), this.schema.epochKey(userId)),
					List.of(gateId, this.channel, message))
			.next()
			.map((reply) -> LocatorSchema.gateBinding(reply, gateId));
		return change(Operation.BIND_GATE, Key.gate(userId), command);
	}

	@Override
	public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
		LocatorSchema.checkId("gateId", gateId);
		String message = LocatorSchema.encode(new LocatorEvent(Type.GATE_UNBOUND, userId, null, gateId));
		return unbind(Operation.UNBIND_GATE, Key.gate(userId), this.schema.gateKey(userId), gateId, message);
	}

	@Override
	public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
		LocatorSchema.checkGroup(group);
		return lookup(Operation.NODE_OF, Key.node(userId, group), this.schema.nodeKey(userId, group));
	}

	@Override
	public CompletableFuture<Void> bindNode(long userId, String group, String nodeId) {
		LocatorSchema.checkGroup(group);
		LocatorSchema.checkId("nodeId", nodeId);
		String message = LocatorSchema.encode(new LocatorEvent(Type.NODE_BOUND, userId, group, nodeId));
		Mono<Void> command = this.redis
			.execute(LocatorSchema.BIND, List.of(this.schema.nodeKey(userId, group)),
					List.of(nodeId, this.channel, message))
			.then();
		return change(Operation.BIND_NODE, Key.node(userId, group), command);
	}

	@Override
	public CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId) {
		LocatorSchema.checkGroup(group);
		LocatorSchema.checkId("nodeId", nodeId);
		String message = LocatorSchema.encode(new LocatorEvent(Type.NODE_UNBOUND, userId, group, nodeId));
		return unbind(Operation.UNBIND_NODE, Key.node(userId, group), this.schema.nodeKey(userId, group), nodeId,
				message);
	}

	private CompletableFuture<Optional<String>> lookup(Operation operation, Key key, String redisKey) {
		Optional<String> cached = this.cache.get(key);
		if (cached != null) {
			return CompletableFuture.completedFuture(cached);
		}
		long stamp = this.cache.stamp(key);
		Mono<Optional<String>> command = this.redis.opsForValue()
			.get(redisKey)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.doOnNext((value) -> this.cache.fill(key, stamp, value));
		return guard(operation, command).toFuture();
	}

	private CompletableFuture<Boolean> unbind(Operation operation, Key key, String redisKey, String expected,
			String message) {
		Mono<Boolean> command = this.redis
			.execute(LocatorSchema.UNBIND, List.of(redisKey), List.of(expected, this.channel, message))
			.next()
			.map((deleted) -> deleted == 1L)
			.defaultIfEmpty(false);
		return change(operation, key, command);
	}

	// The message of a change may arrive before or after its reply, or never (while the channel
	// is down): dropping the entry before the caller hears back keeps the caller's reads current.
	private <T> CompletableFuture<T> change(Operation operation, Key key, Mono<T> command) {
		return guard(operation, command).doOnSuccess((result) -> this.cache.invalidate(key))
			.doOnError((ex) -> this.cache.invalidate(key))
			.toFuture();
	}

	private <T> Mono<T> guard(Operation operation, Mono<T> command) {
		return command.timeout(this.timeout)
			.doOnError((ex) -> this.errors.get(operation).increment())
			.onErrorMap((ex) -> unavailable(operation, ex));
	}

	private LocatorUnavailableException unavailable(Operation operation, Throwable ex) {
		String reason = (ex instanceof TimeoutException) ? "Redis did not answer within " + this.timeout.toMillis()
				+ " ms" : "Redis failed: " + ex.getMessage();
		return new LocatorUnavailableException(operation.label,
				"Locator operation " + operation.label + " failed: " + reason, ex);
	}

	private void publish(LocatorEvent event) {
		for (Consumer<LocatorEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Locator event listener failed on " + event, ex);
			}
		}
	}

	private final class ChangeListener implements ChannelSubscription.Listener<String> {

		@Override
		public void onSubscribed() {
			RedisLocator.this.cache.reset(true);
			logger.debug("Subscribed to locator channel '" + RedisLocator.this.channel + "', cache in use");
		}

		@Override
		public void onLost() {
			RedisLocator.this.cache.reset(false);
			logger.info("Lost the Redis connection of locator channel '" + RedisLocator.this.channel
					+ "', cache not used until it is back");
		}

		@Override
		public void onMessage(String message) {
			LocatorEvent event = LocatorSchema.decode(message);
			if (event == null) {
				logger.debug("Ignored a message on locator channel '" + RedisLocator.this.channel + "': " + message);
				return;
			}
			Key key = (event.group() != null) ? Key.node(event.userId(), event.group()) : Key.gate(event.userId());
			RedisLocator.this.cache.apply(key,
					event.isBound() ? Optional.of(event.instanceId()) : Optional.empty());
			publish(event);
		}

	}

	private enum Operation {

		GATE_OF("gateOf"), BIND_GATE("bindGate"), UNBIND_GATE("unbindGate"), NODE_OF("nodeOf"),
		BIND_NODE("bindNode"), UNBIND_NODE("unbindNode");

		private final String label;

		Operation(String label) {
			this.label = label;
		}

	}

}
