package io.rally.cluster.grpc;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import io.grpc.stub.CallStreamObserver;
import io.rally.cluster.flow.WaterMarks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The sending half of one stream: a bounded FIFO of items, turned into frames of up to
 * {@code maxBatch} items by one drain at a time, and written only while the stream
 * {@linkplain CallStreamObserver#isReady() is ready}. Under load the queue fills while a
 * frame is being written, so many items share the next frame; nothing waits for a timer.
 *
 * <p>{@link #offer} is thread-safe and never blocks, so Netty event loops may call it; items
 * offered by one thread are written in that order. Every call on the stream itself
 * ({@code onNext} and the terminal call) happens inside the drain, which runs on the executor
 * given with the stream and never overlaps itself, because a {@link io.grpc.stub.StreamObserver} is not
 * thread-safe. The executor is meant to be the event loop of the stream's transport: the
 * frame is then written and flushed by the thread that built it, and items offered while
 * that loop is busy (with reading, say) wait for one drain and share its frame.
 * The queue outlives streams: items stay queued while no stream is attached.
 *
 * <p>Producers that should not fill the queue to its capacity ask {@link #isReady} and
 * {@link #whenReady}: the queue is ready below its high-water mark and releases those waiting
 * once it drains to its low-water mark (or is cleared).
 *
 * @param <T> the item type
 * @param <F> the frame type
 */
final class FrameQueue<T, F> {

	private static final Log logger = LogFactory.getLog(FrameQueue.class);

	private final Queue<T> items = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final int capacity;

	private final int maxBatch;

	private final long maxFrameBytes;

	private final ToIntFunction<T> weigher;

	private final Framer<T, F> framer;

	private final Runnable frameSent;

	private final WaterMarks marks;

	private volatile CallStreamObserver<F> stream;

	private volatile Executor executor;

	private volatile Consumer<CallStreamObserver<F>> terminal;

	private volatile boolean flushBeforeTerminal;

	FrameQueue(int capacity, int highWater, int lowWater, int maxBatch, long maxFrameBytes, ToIntFunction<T> weigher,
			Framer<T, F> framer, Runnable frameSent) {
		this.capacity = capacity;
		this.marks = new WaterMarks(highWater, lowWater, this.size::get);
		this.maxBatch = maxBatch;
		this.maxFrameBytes = maxFrameBytes;
		this.weigher = weigher;
		this.framer = framer;
		this.frameSent = frameSent;
	}

	/** Queues an item; {@code false} if the queue is full (the item was not taken). */
	boolean offer(T item) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		this.items.add(item);
		schedule();
		return true;
	}

	int size() {
		return this.size.get();
	}

	/** Whether the queue is below its high-water mark. */
	boolean isReady() {
		return this.marks.isReady();
	}

	/** Runs {@code task} once the queue has drained to its low-water mark (now, if it is ready). */
	void whenReady(Runnable task) {
		this.marks.whenReady(task);
	}

	/**
	 * Starts writing to {@code stream}, whose on-ready handler must call {@link #onReady()},
	 * with drains running on {@code executor}.
	 */
	void attach(CallStreamObserver<F> stream, Executor executor) {
		this.terminal = null;
		this.executor = executor;
		this.stream = stream;
		schedule();
	}

	/** Stops writing to the current stream (it broke); queued items stay for the next one. */
	void detach() {
		this.stream = null;
	}

	/**
	 * Ends the current stream with {@code terminal}, called inside the drain; with
	 * {@code flush}, only once the queued items are written.
	 */
	void finish(Consumer<CallStreamObserver<F>> terminal, boolean flush) {
		this.flushBeforeTerminal = flush;
		this.terminal = terminal;
		schedule();
	}

	/** Removes every queued item and returns how many there were. */
	int clear() {
		return clear((item) -> {
		});
	}

	/** Removes every queued item, handing each to {@code removed}, and returns how many there were. */
	int clear(Consumer<? super T> removed) {
		int count = 0;
		T item;
		while ((item = this.items.poll()) != null) {
			this.size.decrementAndGet();
			count++;
			removed.accept(item);
		}
		this.marks.drained(this.size.get());
		return count;
	}

	void onReady() {
		schedule();
	}

	private void schedule() {
		if (this.stream == null || !this.draining.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			this.draining.set(false);
		}
	}

	private void drain() {
		try {
			CallStreamObserver<F> target = this.stream;
			while (target != null && target == this.stream) {
				Consumer<CallStreamObserver<F>> end = this.terminal;
				if (end != null && (!this.flushBeforeTerminal || this.items.isEmpty())) {
					this.stream = null;
					end.accept(target);
					return;
				}
				if (this.items.isEmpty() || !target.isReady()) {
					return;
				}
				target.onNext(nextFrame());
				this.frameSent.run();
			}
		}
		catch (RuntimeException ex) {
			// The stream's own observer hears about the failure and re-opens or unregisters.
			logger.debug("Could not write a frame", ex);
		}
		finally {
			this.draining.set(false);
			// Work that arrived while this drain was finishing would otherwise wait for the next offer.
			CallStreamObserver<F> target = this.stream;
			if (target != null && (terminalDue() || (!this.items.isEmpty() && target.isReady()))) {
				schedule();
			}
		}
	}

	private boolean terminalDue() {
		return this.terminal != null && (!this.flushBeforeTerminal || this.items.isEmpty());
	}

	private F nextFrame() {
		int count = 0;
		long bytes = 0;
		T item;
		while (count < this.maxBatch && bytes < this.maxFrameBytes && (item = this.items.poll()) != null) {
			this.framer.add(item);
			count++;
			bytes += this.weigher.applyAsInt(item);
		}
		this.marks.drained(this.size.addAndGet(-count));
		return this.framer.build();
	}

	/**
	 * Builds frames item by item, so that a batch needs no list of its own. Used by one drain
	 * at a time, so an implementation may keep and reuse its builder.
	 *
	 * @param <T> the item type
	 * @param <F> the frame type
	 */
	interface Framer<T, F> {

		/** Adds an item to the frame being built. */
		void add(T item);

		/** The frame of the items added since the last call; the next item starts a new one. */
		F build();

	}

}
