package io.rally.cluster.grpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;
import io.rally.cluster.proto.CallerKind;
import io.rally.cluster.proto.ConnectionPush;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.Hello;
import io.rally.cluster.proto.NodeFrame;
import io.rally.cluster.proto.NodeLinkGrpc;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The caller's end of the one stream from a caller (a gate of this JVM, or this JVM's nodes)
 * to one node. Messages queue in a {@link FrameQueue} that is attached to the stream once
 * the node welcomed it; packets the node sends back go to the caller gate.
 *
 * <p>A stream that breaks is re-opened with exponential back-off. Messages queued while it is
 * down are kept for the reconnect grace and then fail; after the grace, {@link #send} fails
 * at once. A stream that was up and then cannot even be re-opened makes the node
 * <em>suspect</em>: the node is most likely dead rather than briefly cut off, so queued
 * messages fail and {@link #send} fails at once without waiting for the grace, which lets a
 * gate try another node straight away. Requests that fail after {@link #send} took them are
 * answered with an error packet through their gate when it is exported by this JVM, so that
 * clients need not wait for their own timeout. Messages already written when the stream broke
 * may be lost: delivery is at most once. A stream that stays broken while nobody sends on it
 * for the idle timeout closes itself. {@link #send} is thread-safe and never blocks.
 */
final class NodeStream {

	private static final Log logger = LogFactory.getLog(NodeStream.class);

	private static final long UP = Long.MIN_VALUE;

	private static final byte[] UNAVAILABLE_PAYLOAD = "{\"code\":503,\"message\":\"node unavailable\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final String nodeId;

	private final String callerId;

	private final CallerKind callerKind;

	private final NodeLinkGrpc.NodeLinkStub stub;

	private final GrpcLinks links;

	private final GrpcMetrics metrics;

	private final Consumer<NodeStream> onIdle;

	private final FrameQueue<Object, GateFrame> queue;

	private final Executor loop;

	private final long graceNanos;

	private final long idleNanos;

	private volatile long downSince = UP;

	private volatile long lastUsed = System.nanoTime();

	private volatile boolean closed;

	private volatile boolean suspect;

	private boolean welcomedBefore;

	private Attempt current;

	private boolean up;

	private int failures;

	private ScheduledFuture<?> retry;

	NodeStream(String nodeId, String callerId, CallerKind callerKind, NodeLinkGrpc.NodeLinkStub stub, Executor loop,
			GrpcLinks links, Consumer<NodeStream> onIdle) {
		this.nodeId = nodeId;
		this.callerId = callerId;
		this.callerKind = callerKind;
		this.stub = stub;
		this.links = links;
		this.metrics = links.metrics();
		this.onIdle = onIdle;
		this.loop = loop;
		GrpcClusterProperties properties = links.properties();
		this.graceNanos = properties.getReconnectGrace().toNanos();
		this.idleNanos = properties.getIdleLinkTimeout().toNanos();
		this.queue = new FrameQueue<>(properties.getMaxQueuedMessages(), properties.getMaxBatchSize(),
				links.maxFrameBytes(), Protos::weight, Protos.gateFramer(),
				() -> this.metrics.frameSent(GrpcMetrics.REMOTE_NODE));
		open();
	}

	/**
	 * Queues a {@link io.rally.cluster.ClientMessage} or a {@link io.rally.cluster.SessionEvent}.
	 * @throws NodeUnavailableException if the message was not taken
	 */
	void send(Object item) {
		if (this.closed) {
			throw fail(Reason.CLOSED);
		}
		if (Protos.weight(item) > this.links.maxFrameBytes()) {
			throw fail(Reason.TOO_LARGE);
		}
		long now = System.nanoTime();
		this.lastUsed = now;
		long down = this.downSince;
		if (down != UP && (this.suspect || now - down >= this.graceNanos)) {
			throw fail(Reason.UNREACHABLE);
		}
		if (!this.queue.offer(item)) {
			throw fail(Reason.QUEUE_FULL);
		}
	}

	private NodeUnavailableException fail(Reason reason) {
		this.metrics.failed(reason.tag());
		return new NodeUnavailableException(this.nodeId, reason);
	}

	/** Ends the stream; queued messages fail. */
	void close() {
		List<Object> failed = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.retry != null) {
				this.retry.cancel(false);
			}
			markDown();
			this.queue.clear(failed::add);
			if (this.current != null) {
				this.current.requests.cancel("Link closed", null);
				this.current = null;
			}
		}
		failed(Reason.CLOSED.tag(), failed);
	}

	/**
	 * Counts messages that were taken but will not be sent, and answers each request among
	 * them through its gate, if this JVM exports it; one-way messages and events get nothing.
	 */
	private void failed(String reason, List<Object> items) {
		this.metrics.failed(reason, items.size());
		for (Object item : items) {
			if (item instanceof ClientMessage message && message.seq() != 0) {
				GateEndpoint gate = this.links.gate(message.gateId());
				if (gate == null) {
					continue;
				}
				try {
					gate.pushToConnection(message.connectionId(),
							new Packet(message.route(), message.seq(), UNAVAILABLE_PAYLOAD, Packet.EXT_ERROR));
				}
				catch (RuntimeException ex) {
					logger.debug("Gate '" + message.gateId() + "' did not take an error packet", ex);
				}
			}
		}
	}

	private synchronized void open() {
		if (this.closed) {
			return;
		}
		Attempt attempt = new Attempt();
		this.current = attempt;
		this.stub.connect(attempt);
		attempt.requests.onNext(GateFrame.newBuilder()
			.setHello(Hello.newBuilder()
				.setNodeId(this.nodeId)
				.setCallerId(this.callerId)
				.setCallerKind(this.callerKind))
			.build());
	}

	private synchronized void welcomed(Attempt attempt) {
		if (attempt != this.current) {
			return;
		}
		if (!this.up) {
			this.up = true;
			this.metrics.linksUp(GrpcMetrics.REMOTE_NODE).incrementAndGet();
		}
		if (this.downSince != UP) {
			logger.info("Stream to node '" + this.nodeId + "' is back");
		}
		this.downSince = UP;
		this.suspect = false;
		this.welcomedBefore = true;
		this.failures = 0;
		this.queue.attach(attempt.requests, this.loop);
	}

	private void broken(Attempt attempt, Throwable failure) {
		List<Object> failed = new ArrayList<>();
		synchronized (this) {
			if (attempt != this.current) {
				return;
			}
			this.current = null;
			boolean wasUp = this.up;
			markDown();
			if (this.closed) {
				return;
			}
			if (this.downSince == UP) {
				this.downSince = System.nanoTime();
				this.links.timer().schedule(this::expire, this.graceNanos, TimeUnit.NANOSECONDS);
			}
			if (wasUp) {
				logger.info("Stream to node '" + this.nodeId + "' broke (" + describe(failure)
						+ "); re-opening it");
			}
			else if (this.welcomedBefore && !this.suspect) {
				logger.info("Could not re-open the stream to node '" + this.nodeId + "' ("
						+ describe(failure) + "); failing its messages until it is back");
				this.suspect = true;
				this.queue.clear(failed::add);
			}
			else {
				logger.debug("Could not open a stream to node '" + this.nodeId + "': " + describe(failure));
			}
			this.retry = this.links.timer().schedule(this::reconnect, backoffNanos(), TimeUnit.NANOSECONDS);
		}
		failed(Reason.UNREACHABLE.tag(), failed);
	}

	/** Fails the messages still held when the reconnect grace is over. */
	private void expire() {
		List<Object> failed = new ArrayList<>();
		synchronized (this) {
			if (this.closed || this.downSince == UP || System.nanoTime() - this.downSince < this.graceNanos) {
				return;
			}
			this.queue.clear(failed::add);
		}
		failed(GrpcMetrics.FAILED_EXPIRED, failed);
	}

	/** The status of a failure without the stack trace of its cause. */
	private static String describe(Throwable failure) {
		Status status = Status.fromThrowable(failure);
		return status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : "");
	}

	private void markDown() {
		this.queue.detach();
		if (this.up) {
			this.up = false;
			this.metrics.linksUp(GrpcMetrics.REMOTE_NODE).decrementAndGet();
		}
	}

	private long backoffNanos() {
		GrpcClusterProperties properties = this.links.properties();
		long initial = properties.getReconnectInitialBackoff().toNanos();
		long max = properties.getReconnectMaxBackoff().toNanos();
		long delay = Math.min(max, initial << Math.min(this.failures, 20));
		this.failures++;
		// Jitter, so that the gates of a cluster do not all knock at a restarted node at once.
		return (long) (delay * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
	}

	private void reconnect() {
		boolean idle;
		List<Object> failed = new ArrayList<>();
		synchronized (this) {
			if (this.closed || this.current != null) {
				return;
			}
			long now = System.nanoTime();
			if (now - this.downSince >= this.graceNanos) {
				// Messages that slipped in as the grace ended.
				this.queue.clear(failed::add);
			}
			idle = now - this.lastUsed >= this.idleNanos;
			if (!idle) {
				this.metrics.reconnecting();
				open();
			}
		}
		failed(GrpcMetrics.FAILED_EXPIRED, failed);
		if (!idle) {
			return;
		}
		logger.debug("Closing the idle broken stream to node '" + this.nodeId + "'");
		close();
		this.onIdle.accept(this);
	}

	private void deliverPushes(NodeFrame frame) {
		if (frame.getPushesCount() == 0) {
			return;
		}
		GateEndpoint gate = this.links.gate(this.callerId);
		if (gate == null) {
			this.metrics.failed(GrpcMetrics.FAILED_NO_GATE, frame.getPushesCount());
			return;
		}
		for (ConnectionPush push : frame.getPushesList()) {
			try {
				gate.pushToConnection(push.getConnectionId(), Protos.packet(push.getPacket()));
			}
			catch (RuntimeException ex) {
				logger.debug("Gate '" + this.callerId + "' did not take a packet", ex);
			}
		}
	}

	/** One attempt at the stream: the call and its response observer. */
	private final class Attempt implements ClientResponseObserver<GateFrame, NodeFrame> {

		private ClientCallStreamObserver<GateFrame> requests;

		@Override
		public void beforeStart(ClientCallStreamObserver<GateFrame> requests) {
			this.requests = requests;
			requests.setOnReadyHandler(NodeStream.this.queue::onReady);
		}

		@Override
		public void onNext(NodeFrame frame) {
			if (frame.getWelcome()) {
				welcomed(this);
			}
			deliverPushes(frame);
		}

		@Override
		public void onError(Throwable failure) {
			broken(this, failure);
		}

		@Override
		public void onCompleted() {
			broken(this, Status.UNAVAILABLE.withDescription("Node ended the stream").asRuntimeException());
		}

	}

}
