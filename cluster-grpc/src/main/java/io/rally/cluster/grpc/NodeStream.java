package io.rally.cluster.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;
import io.rally.cluster.proto.CallerKind;
import io.rally.cluster.proto.ConnectionPush;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.Hello;
import io.rally.cluster.proto.NodeFrame;
import io.rally.cluster.proto.NodeLinkGrpc;
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
 * gate try another node straight away. Client messages that fail after {@link #send} took
 * them go back on their return path ({@link ReturnPath#undelivered}): their gate answers the
 * client as it answers every packet it could not deliver, so that clients need not wait for
 * their own timeout; session events are only counted. Messages already written when the
 * stream broke may be lost: delivery is at most once. A stream that stays broken while nobody
 * sends on it for the idle timeout closes itself. {@link #send} is thread-safe and never
 * blocks.
 */
final class NodeStream {

	private static final Log logger = LogFactory.getLog(NodeStream.class);

	private static final long UP = Long.MIN_VALUE;

	private final String nodeId;

	private final Caller caller;

	private final NodeLinkGrpc.NodeLinkStub stub;

	private final LinkSettings settings;

	private final GrpcMetrics metrics;

	private final ScheduledExecutorService timer;

	private final Consumer<NodeStream> onIdle;

	private final FrameQueue<Object, GateFrame> queue;

	private final Executor loop;

	private volatile long downSince = UP;

	private volatile long lastUsed = System.nanoTime();

	private volatile boolean closed;

	private volatile boolean suspect;

	private boolean welcomedBefore;

	private Attempt current;

	private boolean up;

	private int failures;

	private ScheduledFuture<?> retry;

	/**
	 * @param loop the event loop of the channel's transports, which builds and writes the frames
	 * @param timer runs the reconnects and the expiry of held messages
	 * @param onIdle called once the stream closed itself for being idle
	 */
	NodeStream(String nodeId, Caller caller, NodeLinkGrpc.NodeLinkStub stub, Executor loop, LinkSettings settings,
			GrpcMetrics metrics, ScheduledExecutorService timer, Consumer<NodeStream> onIdle) {
		this.nodeId = nodeId;
		this.caller = caller;
		this.stub = stub;
		this.settings = settings;
		this.metrics = metrics;
		this.timer = timer;
		this.onIdle = onIdle;
		this.loop = loop;
		this.queue = settings.frameQueue(Protos::weight, Protos.gateFramer(),
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
		if (Protos.weight(item) > this.settings.maxFrameBytes()) {
			throw fail(Reason.TOO_LARGE);
		}
		long now = System.nanoTime();
		this.lastUsed = now;
		long down = this.downSince;
		if (down != UP && (this.suspect || now - down >= this.settings.reconnectGraceNanos())) {
			throw fail(Reason.UNREACHABLE);
		}
		if (!this.queue.offer(item)) {
			throw fail(Reason.QUEUE_FULL);
		}
	}

	/**
	 * Whether the queue is below its high-water mark; a closed stream counts as ready, since
	 * {@link #send} then fails at once rather than making anyone wait.
	 */
	boolean isReady() {
		return this.closed || this.queue.isReady();
	}

	/** Runs {@code task} once the queue has drained to its low-water mark, or was cleared. */
	void whenReady(Runnable task) {
		if (this.closed) {
			task.run();
			return;
		}
		this.queue.whenReady(task);
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
	 * Counts messages that were taken but will not be sent, and hands each client message
	 * among them back to its return path; session events and messages without one (made up
	 * by a node) are only counted.
	 */
	private void failed(String reason, List<Object> items) {
		this.metrics.failed(reason, items.size());
		for (Object item : items) {
			if (item instanceof ClientMessage message && message.returnPath() != null) {
				try {
					message.returnPath().undelivered(message);
				}
				catch (RuntimeException ex) {
					logger.debug("Gate '" + message.gateId() + "' did not take back an undelivered message", ex);
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
				.setCallerId(this.caller.id())
				.setCallerKind(this.caller.kind()))
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
				this.timer.schedule(this::expire, this.settings.reconnectGraceNanos(), TimeUnit.NANOSECONDS);
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
			this.retry = this.timer.schedule(this::reconnect, backoffNanos(), TimeUnit.NANOSECONDS);
		}
		failed(Reason.UNREACHABLE.tag(), failed);
	}

	/** Fails the messages still held when the reconnect grace is over. */
	private void expire() {
		List<Object> failed = new ArrayList<>();
		synchronized (this) {
			if (this.closed || this.downSince == UP
					|| System.nanoTime() - this.downSince < this.settings.reconnectGraceNanos()) {
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
		long initial = this.settings.reconnectInitialBackoffNanos();
		long max = this.settings.reconnectMaxBackoffNanos();
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
			if (now - this.downSince >= this.settings.reconnectGraceNanos()) {
				// Messages that slipped in as the grace ended.
				this.queue.clear(failed::add);
			}
			idle = now - this.lastUsed >= this.settings.idleLinkTimeoutNanos();
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
		GateEndpoint gate = this.caller.gate();
		if (gate == null || this.closed) {
			this.metrics.failed(GrpcMetrics.FAILED_NO_GATE, frame.getPushesCount());
			return;
		}
		for (ConnectionPush push : frame.getPushesList()) {
			try {
				gate.pushToConnection(push.getConnectionId(), Protos.packet(push.getPacket()));
			}
			catch (RuntimeException ex) {
				logger.debug("Gate '" + this.caller.id() + "' did not take a packet", ex);
			}
		}
	}

	/**
	 * Who sends on a stream: a gate of this JVM, to which the packets the node sends back go,
	 * or this JVM's nodes ({@code gate} is {@code null}), for which the node sends nothing back.
	 */
	record Caller(String id, CallerKind kind, GateEndpoint gate) {

		/** The stream of every sender that is not a gate of this JVM. */
		static final Caller OTHERS = new Caller("", CallerKind.CALLER_KIND_NODE, null);

		static Caller gate(String gateId, GateEndpoint gate) {
			return new Caller(gateId, CallerKind.CALLER_KIND_GATE, gate);
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
