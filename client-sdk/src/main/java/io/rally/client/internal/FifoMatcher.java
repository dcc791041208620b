package io.rally.client.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;

import io.rally.client.ConnectionClosedException;
import io.rally.protocol.Packet;

/**
 * Matches responses by route, first in first out, for settings without a seq field. The gate
 * must then answer the requests of one route in the order they were sent, and any packet on a
 * route with a waiting request is taken as its response, never as a push. A request is queued
 * and written in one task on the link's I/O thread so that queue order is wire order.
 */
final class FifoMatcher implements ResponseMatcher {

	private final ConcurrentHashMap<Integer, Queue<PendingRequest>> byRoute = new ConcurrentHashMap<>();

	private final int extcode;

	private final long timeoutNanos;

	private volatile Throwable closed;

	FifoMatcher(int extcode, long timeoutNanos) {
		this.extcode = extcode;
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public CompletableFuture<Packet> request(Link link, int route, byte[] payload) {
		PendingRequest request = new PendingRequest(this, route, 0, this.timeoutNanos);
		try {
			link.execute(() -> send(link, request, payload));
		}
		catch (RejectedExecutionException ex) {
			request.fail(new ConnectionClosedException("the client is closed", ex));
		}
		return request;
	}

	private void send(Link link, PendingRequest request, byte[] payload) {
		this.byRoute.computeIfAbsent(request.route(), (r) -> new ConcurrentLinkedQueue<>()).add(request);
		Throwable closed = this.closed;
		if (closed != null) {
			if (remove(request)) {
				request.fail(closed);
			}
			return;
		}
		request.armTimeout(link);
		link.write(new Packet(request.route(), 0, payload, this.extcode));
	}

	@Override
	public boolean complete(Packet packet) {
		Queue<PendingRequest> queue = this.byRoute.get(packet.route());
		PendingRequest request = (queue != null) ? queue.poll() : null;
		if (request == null) {
			return false;
		}
		request.answer(packet);
		return true;
	}

	@Override
	public boolean remove(PendingRequest request) {
		Queue<PendingRequest> queue = this.byRoute.get(request.route());
		return queue != null && queue.remove(request);
	}

	@Override
	public void close(Throwable cause) {
		this.closed = cause;
		for (Queue<PendingRequest> queue : this.byRoute.values()) {
			for (PendingRequest request = queue.poll(); request != null; request = queue.poll()) {
				request.fail(cause);
			}
		}
	}

}
