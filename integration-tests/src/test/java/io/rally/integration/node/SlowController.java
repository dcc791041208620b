package io.rally.integration.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rally.node.api.NodeControl;
import io.rally.node.api.RallyController;
import io.rally.node.api.Route;

/**
 * A stateless route that a test can make hang on one node: once {@link #hold() held}, the
 * next request that node handles waits on a worker until the test lets it go, so that the test
 * can stop the node while the request is in flight.
 */
@RallyController
public class SlowController {

	/** Answers the node's id, after the hold is released if one is set. */
	public static final int SLOW = 43;

	private final NodeControl node;

	private volatile Hold hold;

	public SlowController(NodeControl node) {
		this.node = node;
	}

	/** Makes the next request on this node wait until the returned hold is released. */
	public Hold hold() {
		Hold next = new Hold();
		this.hold = next;
		return next;
	}

	@Route(SLOW)
	public NodeProbeController.Served slow() throws InterruptedException {
		Hold current = this.hold;
		if (current != null) {
			this.hold = null;
			current.entered.countDown();
			// bounded, so that a failing test cannot keep a worker forever
			current.released.await(30, TimeUnit.SECONDS);
		}
		return new NodeProbeController.Served(this.node.nodeId());
	}

	/** One held request: the test waits for {@link #awaitEntered}, then calls {@link #release}. */
	public static final class Hold {

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		public boolean awaitEntered(long timeout, TimeUnit unit) throws InterruptedException {
			return this.entered.await(timeout, unit);
		}

		public void release() {
			this.released.countDown();
		}

	}

}
