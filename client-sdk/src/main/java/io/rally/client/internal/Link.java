package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.rally.protocol.Frame;

/**
 * One open connection to a gate, whatever the transport. Thread-safe.
 */
public interface Link {

	boolean isOpen();

	/** Writes and flushes {@code frame}; failures close the link instead of being reported. */
	void write(Frame frame);

	/** Writes and flushes {@code frame}; the future completes once it is written. */
	CompletableFuture<Void> send(Frame frame);

	/** Runs {@code task} on the link's I/O thread, in order with writes made from that thread. */
	void execute(Runnable task);

	/** Runs {@code task} on the link's I/O thread after {@code delayNanos}. */
	Future<?> schedule(Runnable task, long delayNanos);

	/** Closes the link as {@link io.rally.client.CloseEvent.Reason#CLOSED_BY_CLIENT}. */
	void close();

}
