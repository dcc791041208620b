package io.rally.integration.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rally.node.internal.lifecycle.NodeLifecycle;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Holds a node's start after its HTTP server is up and before the node registers, while a
 * test looks at it from outside; only in nodes started with {@code rally.test.hold-start=true}.
 */
@Component
@ConditionalOnBooleanProperty("rally.test.hold-start")
public class StartHold implements SmartLifecycle {

	private static volatile Hold next;

	private final ApplicationContext context;

	private volatile boolean running;

	public StartHold(ApplicationContext context) {
		this.context = context;
	}

	/** The hold the next node started with the property will wait on. */
	public static Hold arm() {
		Hold hold = new Hold();
		next = hold;
		return hold;
	}

	@Override
	public void start() {
		Hold hold = next;
		next = null;
		if (hold != null) {
			hold.httpPort = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			hold.entered.countDown();
			try {
				hold.released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the web server (phase {@code DEFAULT_PHASE - 2048}), before the node registers. */
	@Override
	public int getPhase() {
		return NodeLifecycle.PHASE - 1;
	}

	/** One held start. */
	public static final class Hold {

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private volatile int httpPort;

		/** Waits until the node's start has reached the hold; then {@link #httpPort} is known. */
		public boolean awaitEntered(long timeout, TimeUnit unit) throws InterruptedException {
			return this.entered.await(timeout, unit);
		}

		public int httpPort() {
			return this.httpPort;
		}

		public void release() {
			this.released.countDown();
		}

	}

}
