package io.rally.cluster.event;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.rally.cluster.event.ClusterEvent.CustomEvent;

/**
 * The delivery machinery that {@link ClusterEventBus} implementations share: subscriptions,
 * each with a bounded queue, served by a pool of daemon threads that grows with the number of
 * busy subscriptions and shrinks when they are idle. A subscription is served by at most one
 * thread at a time, and gives its thread up after a batch so that a busy subscription does not
 * starve the others. {@link #dispatch} only queues, so it may be called from any thread,
 * including event loops. Thread-safe.
 */
public final class EventDispatcher implements AutoCloseable {

	/** Events a subscription may have waiting, unless a bus is given another limit. */
	public static final int DEFAULT_MAX_QUEUED_EVENTS = 10_000;

	private static final System.Logger logger = System.getLogger(EventDispatcher.class.getName());

	private static final int BATCH = 64;

	private final int maxQueuedEvents;

	private final ExecutorService executor;

	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	private final AtomicLong dropped = new AtomicLong();

	private volatile boolean closed;

	/**
	 * @param threadName prefix of the names of the threads that call listeners
	 * @param maxQueuedEvents most events waiting per subscription; beyond that they are dropped
	 */
	public EventDispatcher(String threadName, int maxQueuedEvents) {
		Objects.requireNonNull(threadName, "threadName");
		if (maxQueuedEvents < 1) {
			throw new IllegalArgumentException("maxQueuedEvents: " + maxQueuedEvents + " (expected: >= 1)");
		}
		this.maxQueuedEvents = maxQueuedEvents;
		AtomicInteger threads = new AtomicInteger();
		// No queue in front of the pool: a blocked listener must never hold up another's batch.
		this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** See {@link ClusterEventBus#subscribe(Class, Consumer)}. */
	public <E extends ClusterEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> listener) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(listener, "listener");
		return add(type::isInstance, (event) -> listener.accept(type.cast(event)), type.getSimpleName());
	}

	/** See {@link ClusterEventBus#subscribe(String, Consumer)}. */
	public AutoCloseable subscribe(String topic, Consumer<CustomEvent> listener) {
		CustomEvent.checkTopic(topic);
		Objects.requireNonNull(listener, "listener");
		return add((event) -> event instanceof CustomEvent custom && custom.topic().equals(topic),
				(event) -> listener.accept((CustomEvent) event), "topic " + topic);
	}

	private AutoCloseable add(Predicate<ClusterEvent> filter, Consumer<ClusterEvent> listener, String description) {
		if (this.closed) {
			throw new IllegalStateException("Event bus closed");
		}
		Subscription subscription = new Subscription(filter, listener, description);
		this.subscriptions.add(subscription);
		return subscription;
	}

	/** Queues {@code event} for every subscription it matches; never blocks. */
	public void dispatch(ClusterEvent event) {
		Objects.requireNonNull(event, "event");
		for (Subscription subscription : this.subscriptions) {
			if (subscription.filter.test(event)) {
				subscription.offer(event);
			}
		}
	}

	/** Events dropped so far because a subscription's queue was full. */
	public long droppedEvents() {
		return this.dropped.get();
	}

	/** Ends every subscription; queued events are discarded and listeners called no more. */
	@Override
	public void close() {
		this.closed = true;
		for (Subscription subscription : this.subscriptions) {
			subscription.close();
		}
		this.executor.shutdown();
	}

	private final class Subscription implements AutoCloseable {

		private final Predicate<ClusterEvent> filter;

		private final Consumer<ClusterEvent> listener;

		private final String description;

		private final Queue<ClusterEvent> queue = new ConcurrentLinkedQueue<>();

		private final AtomicInteger size = new AtomicInteger();

		private final AtomicBoolean scheduled = new AtomicBoolean();

		private final AtomicBoolean overflowing = new AtomicBoolean();

		private volatile boolean closed;

		Subscription(Predicate<ClusterEvent> filter, Consumer<ClusterEvent> listener, String description) {
			this.filter = filter;
			this.listener = listener;
			this.description = description;
		}

		void offer(ClusterEvent event) {
			if (this.closed) {
				return;
			}
			if (this.size.incrementAndGet() > EventDispatcher.this.maxQueuedEvents) {
				this.size.decrementAndGet();
				EventDispatcher.this.dropped.incrementAndGet();
				if (this.overflowing.compareAndSet(false, true)) {
					logger.log(Level.WARNING, "Listener of " + this.description + " is too slow: its queue of "
							+ EventDispatcher.this.maxQueuedEvents + " events is full, dropping events");
				}
				return;
			}
			this.queue.add(event);
			schedule();
		}

		private void schedule() {
			if (this.scheduled.compareAndSet(false, true)) {
				try {
					EventDispatcher.this.executor.execute(this::drain);
				}
				catch (RejectedExecutionException ex) {
					// the dispatcher is closed: nobody is listening any more
				}
			}
		}

		private void drain() {
			ClusterEvent event;
			for (int i = 0; i < BATCH && !this.closed && (event = this.queue.poll()) != null; i++) {
				this.size.decrementAndGet();
				deliver(event);
			}
			if (this.size.get() < EventDispatcher.this.maxQueuedEvents / 2) {
				this.overflowing.set(false);
			}
			this.scheduled.set(false);
			if (!this.closed && !this.queue.isEmpty()) {
				schedule();
			}
		}

		private void deliver(ClusterEvent event) {
			try {
				this.listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Listener of " + this.description + " failed on " + event, ex);
			}
		}

		@Override
		public void close() {
			this.closed = true;
			EventDispatcher.this.subscriptions.remove(this);
			this.queue.clear();
		}

	}

}
