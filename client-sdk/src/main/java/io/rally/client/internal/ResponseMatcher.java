package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;

import io.rally.protocol.Packet;

/**
 * Pairs the requests of one link with their responses.
 */
interface ResponseMatcher {

	/** Creates the matcher the settings call for: by seq, or by route in FIFO order without seq. */
	static ResponseMatcher create(ClientConfig config) {
		long timeoutNanos = config.requestTimeout().toNanos();
		return (config.protocol().seqBytes() == 0) ? new FifoMatcher(config.extcode(), timeoutNanos)
				: new SeqMatcher(config.protocol().maxSeq(), config.extcode(), timeoutNanos);
	}

	/** Writes a request on {@code link}; the future completes with its response. */
	CompletableFuture<Packet> request(Link link, int route, byte[] payload);

	/** Completes the request {@code packet} answers; {@code false} if none waits for it (a push). */
	boolean complete(Packet packet);

	/** Removes {@code request} if it still waits; {@code true} if this call removed it. */
	boolean remove(PendingRequest request);

	/** Fails every waiting request; later requests fail the same way. */
	void close(Throwable cause);

}
