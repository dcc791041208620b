package io.rally.cluster.redis.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.rally.cluster.redis.internal.ChannelSubscription;
import io.rally.cluster.redis.internal.DaemonExecutors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The Redis pub/sub channel of custom events: a subscription on a pub/sub connection of its own,
 * and a second connection that publishes, fed by one thread from a bounded queue so that
 * {@link #send} never blocks and one bus's messages reach the channel in the order sent.
 *
 * <p>The subscription is a {@link ChannelSubscription}, which retries the first connection and
 * follows Lettuce's re-subscription after a reconnect. Messages are not sent while the
 * publishing connection is down (Lettuce would buffer them without limit): they are dropped and
 * counted instead, as are messages beyond the queue. Received messages go to the consumer on a
 * Lettuce I/O thread, in the order of the channel.
 */
final class EventChannel implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EventChannel.class);

	// Between attempts at the publishing connection, while events are dropped.
	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	// The channel name in UTF-8, as the publisher's byte[] keys carry it; messages as they are.
	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final AbstractRedisClient client;

	private final String channel;

	private final byte[] channelBytes;

	private final Duration timeout;

	private final ChannelSubscription<byte[]> subscription;

	private final ThreadPoolExecutor publisher;

	private final AtomicLong unsent = new AtomicLong();

	private volatile boolean subscribed;

	private final AtomicBoolean closed = new AtomicBoolean();

	// Touched only by the publisher thread.
	private StatefulConnection<byte[], byte[]> publishing;

	private BaseRedisAsyncCommands<byte[], byte[]> commands;

	private long nextAttempt;

	EventChannel(AbstractRedisClient client, String channel, Duration timeout, int maxPending,
			Consumer<byte[]> consumer) {
		this.client = client;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.timeout = timeout;
		this.subscription = new ChannelSubscription<>(client, CODEC, channel, timeout, "rally-events-subscriber",
				new SubscriptionListener(consumer));
		this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxPending),
				DaemonExecutors.threadFactory("rally-events-publisher"),
				(task, executor) -> this.unsent.incrementAndGet());
	}

	/** Subscribes in the background, retrying until it succeeds or the channel is closed. */
	void start() {
		this.subscription.start();
	}

	boolean isRunning() {
		return this.subscription.isRunning();
	}

	/** True while the channel is subscribed: messages published now will be received. */
	boolean isSubscribed() {
		return this.subscribed;
	}

	/** Messages that were not sent: queue full, Redis unreachable, or the channel closed. */
	long unsent() {
		return this.unsent.get();
	}

	/** Queues {@code message} for publishing; never blocks. */
	void send(byte[] message) {
		if (this.closed.get()) {
			this.unsent.incrementAndGet();
			return;
		}
		this.publisher.execute(() -> publish(message));
	}

	private void publish(byte[] message) {
		if (this.publishing == null && !connectPublisher()) {
			this.unsent.incrementAndGet();
			return;
		}
		if (!this.publishing.isOpen()) {
			this.unsent.incrementAndGet();
			return;
		}
		this.commands.publish(this.channelBytes, message).whenComplete((receivers, ex) -> {
			if (ex != null) {
				this.unsent.incrementAndGet();
			}
		});
	}

	// Runs on the publisher thread, which may block; after a failure, waits a while before the next try.
	private boolean connectPublisher() {
		if (this.closed.get() || System.nanoTime() - this.nextAttempt < 0) {
			return false;
		}
		try {
			if (this.client instanceof RedisClient redis) {
				var connection = redis.connect(ByteArrayCodec.INSTANCE);
				this.commands = connection.async();
				this.publishing = connection;
			}
			else if (this.client instanceof RedisClusterClient cluster) {
				StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
				this.commands = connection.async();
				this.publishing = connection;
			}
			else {
				throw new IllegalStateException("Unsupported Lettuce client " + this.client.getClass().getName());
			}
			return true;
		}
		catch (RuntimeException ex) {
			this.nextAttempt = System.nanoTime() + RETRY_DELAY.toNanos();
			logger.warn("Could not connect to Redis to publish on channel '" + this.channel + "', dropping events for "
					+ RETRY_DELAY + ": " + ex);
			return false;
		}
	}

	/**
	 * Stops both connections, waiting (up to the timeout each) for a pending attempt to connect,
	 * so that no connection outlives the Lettuce client. Messages still queued are not sent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.subscribed = false;
		this.unsent.addAndGet(this.publisher.shutdownNow().size());
		this.subscription.close();
		DaemonExecutors.awaitTermination(this.publisher, this.timeout);
		if (this.publishing != null) {
			this.publishing.close();
		}
	}

	private final class SubscriptionListener implements ChannelSubscription.Listener<byte[]> {

		private final Consumer<byte[]> consumer;

		SubscriptionListener(Consumer<byte[]> consumer) {
			this.consumer = consumer;
		}

		@Override
		public void onSubscribed() {
			EventChannel.this.subscribed = true;
		}

		@Override
		public void onLost() {
			EventChannel.this.subscribed = false;
		}

		@Override
		public void onMessage(byte[] message) {
			this.consumer.accept(message);
		}

	}

}
