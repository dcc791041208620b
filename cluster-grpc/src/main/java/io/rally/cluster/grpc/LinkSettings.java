package io.rally.cluster.grpc;

import java.util.function.ToIntFunction;

/**
 * What the streams and calls between gates and nodes are allowed, read once from the
 * {@link GrpcClusterProperties} and checked. Durations are in nanoseconds. Immutable.
 *
 * @param maxQueuedMessages how many items one stream's queue holds
 * @param highWaterMessages from how many queued items a stream's producers pause, until half
 * as many remain
 * @param maxBatchSize how many items one frame carries at most
 * @param maxFrameBytes the largest frame a stream builds: half the inbound limit, leaving room
 * for framing
 * @param deadlineNanos the deadline of a unary call
 * @param reconnectGraceNanos how long a broken stream to a node holds its messages
 * @param reconnectInitialBackoffNanos the first wait before a broken stream is re-opened
 * @param reconnectMaxBackoffNanos the longest wait before a broken stream is re-opened
 * @param idleLinkTimeoutNanos how long a broken stream nobody sends on stays
 */
record LinkSettings(int maxQueuedMessages, int highWaterMessages, int maxBatchSize, long maxFrameBytes, long deadlineNanos,
		long reconnectGraceNanos, long reconnectInitialBackoffNanos, long reconnectMaxBackoffNanos,
		long idleLinkTimeoutNanos) {

	/**
	 * The settings of {@code properties}.
	 * @throws IllegalArgumentException for a limit that is not positive, or backoffs in the
	 * wrong order
	 */
	static LinkSettings of(GrpcClusterProperties properties) {
		requirePositive("maxQueuedMessages", properties.getMaxQueuedMessages());
		if (properties.getHighWaterMessages() < 0
				|| properties.getHighWaterMessages() > properties.getMaxQueuedMessages()) {
			throw new IllegalArgumentException("highWaterMessages: " + properties.getHighWaterMessages()
					+ " (expected: 0 for half of maxQueuedMessages, or 1 to " + properties.getMaxQueuedMessages() + ")");
		}
		requirePositive("maxBatchSize", properties.getMaxBatchSize());
		requirePositive("eventLoopThreads", properties.getEventLoopThreads());
		requirePositive("maxInboundMessageSize", properties.getMaxInboundMessageSize().toBytes());
		requirePositive("reconnectInitialBackoff", properties.getReconnectInitialBackoff().toNanos());
		if (properties.getReconnectMaxBackoff().compareTo(properties.getReconnectInitialBackoff()) < 0) {
			throw new IllegalArgumentException("reconnectMaxBackoff: " + properties.getReconnectMaxBackoff()
					+ " (expected: >= reconnectInitialBackoff " + properties.getReconnectInitialBackoff() + ")");
		}
		int highWater = (properties.getHighWaterMessages() > 0) ? properties.getHighWaterMessages()
				: Math.max(1, properties.getMaxQueuedMessages() / 2);
		return new LinkSettings(properties.getMaxQueuedMessages(), highWater,
				properties.getMaxBatchSize(),
				properties.getMaxInboundMessageSize().toBytes() / 2, properties.getDeadline().toNanos(),
				properties.getReconnectGrace().toNanos(), properties.getReconnectInitialBackoff().toNanos(),
				properties.getReconnectMaxBackoff().toNanos(), properties.getIdleLinkTimeout().toNanos());
	}

	/** A stream's sending queue, within these limits. */
	<T, F> FrameQueue<T, F> frameQueue(ToIntFunction<T> weigher, FrameQueue.Framer<T, F> framer, Runnable frameSent) {
		return new FrameQueue<>(this.maxQueuedMessages, this.highWaterMessages, this.highWaterMessages / 2,
				this.maxBatchSize, this.maxFrameBytes, weigher, framer, frameSent);
	}

	private static void requirePositive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
		}
	}

}
