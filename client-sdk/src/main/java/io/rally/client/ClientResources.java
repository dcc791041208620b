package io.rally.client;

import java.time.Duration;

import io.rally.client.internal.EventLoops;

/**
 * I/O threads that many {@link RallyClient}s can share, so that a load test with thousands of
 * connections runs on a handful of threads. A client built without resources owns one thread
 * of its own and stops it on close; shared resources are stopped by whoever created them,
 * after the clients that use them are closed.
 *
 * <p>Uses native epoll where it loads and NIO otherwise. Thread-safe.
 */
public final class ClientResources implements AutoCloseable {

	private final EventLoops eventLoops;

	private ClientResources(EventLoops eventLoops) {
		this.eventLoops = eventLoops;
	}

	/** Resources with one I/O thread per available processor. */
	public static ClientResources create() {
		return builder().build();
	}

	/** Resources with {@code threads} I/O threads. */
	public static ClientResources create(int threads) {
		return builder().threads(threads).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The number of I/O threads. */
	public int threads() {
		return this.eventLoops.threads();
	}

	/** Whether the native transport (epoll) is in use rather than NIO. */
	public boolean isNativeTransport() {
		return this.eventLoops.isNative();
	}

	/** Stops the I/O threads and waits up to {@code timeout} for them to end. */
	public void close(Duration timeout) {
		this.eventLoops.shutdown(timeout);
	}

	/** Stops the I/O threads and waits up to five seconds for them to end. */
	@Override
	public void close() {
		close(Duration.ofSeconds(5));
	}

	EventLoops eventLoops() {
		return this.eventLoops;
	}

	/** Builds {@link ClientResources}. */
	public static final class Builder {

		private int threads = Runtime.getRuntime().availableProcessors();

		private boolean preferNativeTransport = true;

		private String threadNamePrefix = "rally-client";

		private Builder() {
		}

		/** The number of I/O threads. */
		public Builder threads(int threads) {
			if (threads <= 0) {
				throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
			}
			this.threads = threads;
			return this;
		}

		/** Whether to use epoll when it loads; {@code false} always uses NIO. */
		public Builder preferNativeTransport(boolean preferNativeTransport) {
			this.preferNativeTransport = preferNativeTransport;
			return this;
		}

		/** Prefix of the I/O thread names. */
		public Builder threadNamePrefix(String threadNamePrefix) {
			if (threadNamePrefix == null || threadNamePrefix.isBlank()) {
				throw new IllegalArgumentException("threadNamePrefix: '" + threadNamePrefix + "' (expected: not blank)");
			}
			this.threadNamePrefix = threadNamePrefix;
			return this;
		}

		public ClientResources build() {
			return new ClientResources(
					EventLoops.create(this.threads, this.preferNativeTransport, this.threadNamePrefix));
		}

	}

}
