package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.rally.client.RallyErrorException;
import io.rally.client.RequestTimeoutException;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;

/**
 * A request waiting for its response: the future handed to the caller, and the timeout task.
 * Whoever removes it from its {@link ResponseMatcher} first completes it, so a response, a
 * timeout and a close never complete it twice. Cancelling it frees its seq.
 */
final class PendingRequest extends CompletableFuture<Packet> implements Runnable {

	private final ResponseMatcher owner;

	private final int route;

	private final int seq;

	private final long timeoutNanos;

	private volatile Future<?> timeout;

	PendingRequest(ResponseMatcher owner, int route, int seq, long timeoutNanos) {
		this.owner = owner;
		this.route = route;
		this.seq = seq;
		this.timeoutNanos = timeoutNanos;
	}

	int route() {
		return this.route;
	}

	int seq() {
		return this.seq;
	}

	/** Arms the timeout; disarms it again if the request completed meanwhile. */
	void armTimeout(Link link) {
		this.timeout = link.schedule(this, this.timeoutNanos);
		if (isDone()) {
			disarm();
		}
	}

	/** Completes with {@code response}, exceptionally if it is an error packet. */
	void answer(Packet response) {
		disarm();
		if (response.isError()) {
			ErrorPacket error = ErrorPacket.parse(response.payload());
			completeExceptionally(new RallyErrorException(error.code(), error.message()));
		}
		else {
			complete(response);
		}
	}

	void fail(Throwable cause) {
		disarm();
		completeExceptionally(cause);
	}

	/** The timeout. */
	@Override
	public void run() {
		if (this.owner.remove(this)) {
			completeExceptionally(new RequestTimeoutException(this.route, this.seq,
					java.time.Duration.ofNanos(this.timeoutNanos)));
		}
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		if (this.owner.remove(this)) {
			disarm();
		}
		return super.cancel(mayInterruptIfRunning);
	}

	private void disarm() {
		Future<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

}
