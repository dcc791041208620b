package io.rally.cluster.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.grpc.stub.CallStreamObserver;
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
 * and never overlaps itself, because a {@link io.grpc.stub.StreamObserver} is not
 * thread-safe. The queue outlives streams: items stay queued while no stream is attached.
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

	private final Function<List<T>, F> framer;

	private final Executor executor;

	private final Runnable frameSent;

	private final List<T> batch = new ArrayList<>();

	private volatile CallStreamObserver<F> stream;

	private volatile Consumer<CallStreamObserver<F>> terminal;

	private volatile boolean flushBeforeTerminal;

	FrameQueue(int capacity, int maxBatch, long maxFrameBytes, ToIntFunction<T> weigher, Function<List<T>, F> framer,
			Executor executor, Runnable frameSent) {
		this.capacity = capacity;
		this.maxBatch = maxBatch;
		this.maxFrameBytes = maxFrameBytes;
		this.weigher = weigher;
		this.framer = framer;
		this.executor = executor;
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

	/** Starts writing to {@code stream}, whose on-ready handler must call {@link #onReady()}. */
	void attach(CallStreamObserver<F> stream) {
		this.terminal = null;
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
		int removed = 0;
		while (this.items.poll() != null) {
			removed++;
		}
		this.size.addAndGet(-removed);
		return removed;
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
		this.batch.clear();
		long bytes = 0;
		T item;
		while (this.batch.size() < this.maxBatch && bytes < this.maxFrameBytes && (item = this.items.poll()) != null) {
			this.batch.add(item);
			bytes += this.weigher.applyAsInt(item);
		}
		this.size.addAndGet(-this.batch.size());
		F frame = this.framer.apply(this.batch);
		this.batch.clear();
		return frame;
	}

}
