package io.rally.cluster.redis.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A subscription to one Redis pub/sub channel, on a connection of its own: the locator's change
 * channel and the event bus's channel each run one.
 *
 * <p>Spring Data Redis's listener containers do not tell when a Lettuce connection drops and
 * comes back, and messages published meanwhile are lost; the subscribers must know. So this
 * talks to the Lettuce client underneath: it reports {@link Listener#onSubscribed()} on every
 * subscription confirmation (including Lettuce's own re-subscription after a reconnect) and
 * {@link Listener#onLost()} when the connection drops. Lettuce reconnects an established
 * connection by itself; only the first connection is retried here, because Lettuce does not
 * retry a connection that never succeeded.
 *
 * <p>Listener methods are called on a Lettuce I/O thread, one at a time. {@link #start()} and
 * {@link #close()} may be called from any thread; only the first call of each counts, and a
 * closed subscription does not start again.
 *
 * @param <V> the type of the messages, as {@code codec} decodes them
 */
public final class ChannelSubscription<V> implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ChannelSubscription.class);

	// Between attempts at the first connection; later reconnects follow Lettuce's own delay.
	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private final AbstractRedisClient client;

	private final RedisCodec<String, V> codec;

	private final String channel;

	private final Duration timeout;

	private final Listener<V> listener;

	private final ScheduledExecutorService connector;

	private final RedisConnectionStateListener stateListener = new RedisConnectionStateListener() {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (connection == ChannelSubscription.this.connection) {
				ChannelSubscription.this.listener.onLost();
			}
		}

	};

	private volatile StatefulRedisPubSubConnection<String, V> connection;

	private volatile boolean closed;

	private boolean started;

	/**
	 * @param client the Lettuce client (a single server's or a Redis Cluster's) that carries the
	 * connection; it must outlive the subscription
	 * @param codec the channel name's codec (UTF-8 on the wire) and the messages'
	 * @param channel the channel to subscribe to
	 * @param timeout how long a subscription may take, and {@link #close()} may wait
	 * @param threadName the name of the thread that connects
	 * @param listener told of the subscription's state and its messages
	 */
	public ChannelSubscription(AbstractRedisClient client, RedisCodec<String, V> codec, String channel,
			Duration timeout, String threadName, Listener<V> listener) {
		this.client = client;
		this.codec = codec;
		this.channel = channel;
		this.timeout = timeout;
		this.listener = listener;
		this.connector = Executors.newSingleThreadScheduledExecutor(DaemonExecutors.threadFactory(threadName));
	}

	/** Connects and subscribes in the background, retrying until it succeeds or is closed. */
	public synchronized void start() {
		if (this.started || this.closed) {
			return;
		}
		this.started = true;
		this.client.addListener(this.stateListener);
		this.connector.execute(this::connect);
	}

	/** True from {@link #start()} to {@link #close()}, whether subscribed or not. */
	public synchronized boolean isRunning() {
		return this.started && !this.closed;
	}

	// Runs on the connector thread: connecting blocks, which no caller's thread may do.
	private void connect() {
		if (this.closed) {
			return;
		}
		StatefulRedisPubSubConnection<String, V> opened = null;
		try {
			opened = LettuceClients.connectPubSub(this.client, this.codec);
			opened.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void subscribed(String channel, long count) {
					ChannelSubscription.this.listener.onSubscribed();
				}

				@Override
				public void message(String channel, V message) {
					ChannelSubscription.this.listener.onMessage(message);
				}

			});
			this.connection = opened;
			opened.async().subscribe(this.channel).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.connection = null;
			if (opened != null) {
				opened.close();
			}
			if (!this.closed) {
				logger.warn("Could not subscribe to Redis channel '" + this.channel + "', retrying in " + RETRY_DELAY
						+ ": " + ex);
				this.connector.schedule(this::connect, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Ends the subscription and waits (up to the timeout) for an attempt to connect to finish,
	 * so that no connection outlives the Lettuce client; blocks, unlike everything else here.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.connector.shutdown();
		DaemonExecutors.awaitTermination(this.connector, this.timeout);
		this.client.removeListener(this.stateListener);
		StatefulRedisPubSubConnection<String, V> current = this.connection;
		this.connection = null;
		if (current != null) {
			current.close();
		}
	}

	/**
	 * What the subscription reports.
	 *
	 * @param <V> the type of the messages
	 */
	public interface Listener<V> {

		/** The channel is subscribed (again): messages from now on will arrive. */
		void onSubscribed();

		/** The connection dropped: messages may be missed until the next {@link #onSubscribed()}. */
		void onLost();

		/** A message published on the channel. */
		void onMessage(V message);

	}

}
