package io.rally.client;

import java.time.Duration;

/**
 * A request got no response within the client's request timeout. The seq it used is free
 * again; a response that still arrives for it later is delivered as a push.
 */
public class RequestTimeoutException extends RallyClientException {

	private final int route;

	private final int seq;

	public RequestTimeoutException(int route, int seq, Duration timeout) {
		super("no response on route " + route + " (seq " + seq + ") within " + timeout.toMillis() + " ms", null,
				false);
		this.route = route;
		this.seq = seq;
	}

	public int route() {
		return this.route;
	}

	public int seq() {
		return this.seq;
	}

}
