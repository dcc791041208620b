package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.client.RallyClientException;
import io.rally.protocol.Packet;

/**
 * Matches responses by seq. Seqs count 1, 2, ... up to the largest the seq field holds, then
 * start at 1 again; 0 is never used (it marks one-way packets). A seq still in flight is skipped;
 * when every seq is in flight the request fails at once.
 *
 * <p>The hot path is one map insert and one removal; the close check after the insert makes a
 * request that races with {@link #close} fail rather than wait for its timeout.
 */
final class SeqMatcher implements ResponseMatcher {

	private final ConcurrentHashMap<Integer, PendingRequest> pending = new ConcurrentHashMap<>();

	private final AtomicInteger counter = new AtomicInteger();

	private final int maxSeq;

	private final int extcode;

	private final long timeoutNanos;

	private volatile Throwable closed;

	SeqMatcher(int maxSeq, int extcode, long timeoutNanos) {
		this.maxSeq = maxSeq;
		this.extcode = extcode;
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public CompletableFuture<Packet> request(Link link, int route, byte[] payload) {
		PendingRequest request = register(route);
		if (request == null) {
			return CompletableFuture.failedFuture(new RallyClientException(
					"all " + this.maxSeq + " seqs are in flight; wait for responses or use a wider seq"));
		}
		Throwable closed = this.closed;
		if (closed != null) {
			remove(request);
			request.fail(closed);
			return request;
		}
		request.armTimeout(link);
		link.write(new Packet(route, request.seq(), payload, this.extcode));
		return request;
	}

	private PendingRequest register(int route) {
		if (this.pending.size() >= this.maxSeq) {
			return null;
		}
		for (int attempt = 0; attempt < this.maxSeq; attempt++) {
			int seq = Integer.remainderUnsigned(this.counter.getAndIncrement(), this.maxSeq) + 1;
			PendingRequest request = new PendingRequest(this, route, seq, this.timeoutNanos);
			if (this.pending.putIfAbsent(seq, request) == null) {
				return request;
			}
		}
		return null;
	}

	@Override
	public boolean complete(Packet packet) {
		if (packet.seq() == 0) {
			return false;
		}
		PendingRequest request = this.pending.remove(packet.seq());
		if (request == null) {
			return false;
		}
		request.answer(packet);
		return true;
	}

	@Override
	public boolean remove(PendingRequest request) {
		return this.pending.remove(request.seq(), request);
	}

	@Override
	public void close(Throwable cause) {
		this.closed = cause;
		for (PendingRequest request : this.pending.values()) {
			if (remove(request)) {
				request.fail(cause);
			}
		}
	}

	/** Requests waiting now. */
	int inFlight() {
		return this.pending.size();
	}

}
