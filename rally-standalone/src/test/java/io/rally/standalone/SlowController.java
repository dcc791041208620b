package io.rally.standalone;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rally.node.api.RallyController;
import io.rally.node.api.Route;

/**
 * A route whose handler takes a while, as game logic under load does, so that a few clients
 * that pipeline requests can fill the node's queue. It sits in {@code io.rally.standalone},
 * which the standalone application scans, so every test context of this module serves it.
 */
@RallyController
public class SlowController {

	/** The slow route; it answers with the payload. */
	public static final int SLOW = 901;

	@Route(SLOW)
	public byte[] slow(byte[] payload) {
		// Work that takes time, not a synchronisation: nothing waits for this to end.
		LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
		return payload;
	}

}
