package io.rally.cluster.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;
import io.rally.cluster.grpc.Protos.Push;
import io.rally.cluster.proto.CallerKind;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.GateItem;
import io.rally.cluster.proto.Hello;
import io.rally.cluster.proto.NodeFrame;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The node's end of one {@code NodeLink.Connect} stream. Incoming items go to the exported
 * node in the order they were sent. When the caller is a gate, the link is the
 * {@link ReturnPath} of the messages it delivers: their replies go back on this stream,
 * batched like the incoming items, and so do other packets for that gate's connections when
 * this is the gate's oldest stream to the JVM ({@link InboundLinks#toGate}).
 *
 * <p>gRPC calls the {@link StreamObserver} methods one at a time; {@link #reply} and
 * {@link #finish} may be called from any thread.
 */
final class InboundLink implements StreamObserver<GateFrame>, ReturnPath {

	private static final Log logger = LogFactory.getLog(InboundLink.class);

	private static final NodeFrame WELCOME = NodeFrame.newBuilder().setWelcome(true).build();

	private static final CompletableFuture<Boolean> QUEUED = CompletableFuture.completedFuture(Boolean.TRUE);

	private final ServerCallStreamObserver<NodeFrame> responses;

	private final Executor loop;

	private final LocalEndpoints local;

	private final InboundLinks links;

	private final GrpcMetrics metrics;

	private final FrameQueue<Push, NodeFrame> queue;

	private volatile String nodeId = "";

	private volatile String gateId;

	private volatile boolean open;

	private NodeEndpoint node;

	private ReturnPath returnPath;

	private boolean rejected;

	/**
	 * @param loop the event loop of the stream's transport, on which its frames are built
	 * @param local where the node the caller names is found
	 * @param links where the stream is listed while it is open
	 */
	InboundLink(ServerCallStreamObserver<NodeFrame> responses, Executor loop, LocalEndpoints local,
			InboundLinks links, LinkSettings settings, GrpcMetrics metrics) {
		this.responses = responses;
		this.loop = loop;
		this.local = local;
		this.links = links;
		this.metrics = metrics;
		this.queue = settings.frameQueue(Push::weight, Protos.nodeFramer(),
				() -> metrics.frameSent(GrpcMetrics.REMOTE_GATE));
		responses.setOnReadyHandler(this.queue::onReady);
		responses.setOnCancelHandler(this::end);
		// Frames are asked for one at a time, and only while the node keeps up: a node whose
		// workers fall behind stops asking, the stream's flow-control window fills, and the
		// gate's queue for this stream stops draining, which makes the gate pause the
		// connections that feed it instead of the node refusing their messages.
		responses.disableAutoRequest();
		responses.request(1);
	}

	/** The node the stream is for; empty until the caller said hello. */
	String nodeId() {
		return this.nodeId;
	}

	/** The gate on the other end, {@code null} if the caller is not a gate. */
	String gateId() {
		return this.gateId;
	}

	boolean isOpen() {
		return this.open;
	}

	/**
	 * Queues a packet for a connection of the caller gate. Once this stream has ended, the
	 * packet takes another stream of the gate if there is one: a reply to a message that came
	 * in before the gate re-opened its stream is not lost with the old one.
	 * @return completes with {@code true} once queued; fails with {@code RESOURCE_EXHAUSTED}
	 * if the queue is full, {@code UNAVAILABLE} if the gate has no stream here any more
	 */
	@Override
	public CompletableFuture<Boolean> reply(long connectionId, Packet packet) {
		if (this.open) {
			return push(connectionId, packet);
		}
		InboundLink other = this.links.toGate(this.gateId);
		if (other == null) {
			this.metrics.failed(Reason.UNREACHABLE.tag());
			return CompletableFuture.failedFuture(Status.UNAVAILABLE
				.withDescription("Gate '" + this.gateId + "' has no stream to this JVM any more")
				.asRuntimeException());
		}
		return other.push(connectionId, packet);
	}

	/** Queues a packet on this stream, whether or not it is still open. */
	CompletableFuture<Boolean> push(long connectionId, Packet packet) {
		if (this.queue.offer(new Push(connectionId, packet))) {
			return QUEUED;
		}
		this.metrics.failed(Reason.QUEUE_FULL.tag());
		return CompletableFuture.failedFuture(Status.RESOURCE_EXHAUSTED
			.withDescription("Too many packets are waiting for the stream to gate '" + this.gateId + "'")
			.asRuntimeException());
	}

	/**
	 * A message that came in here and was handed on to a node it did not reach: the stream
	 * carries packets for connections only, so the gate does not hear of it.
	 */
	@Override
	public void undelivered(ClientMessage message) {
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped undelivered route " + message.route() + " of connection " + message.connectionId()
					+ " of gate '" + this.gateId + "': it cannot go back on the stream it came on");
		}
	}

	/** Ends the stream once the queued packets are written; the caller will re-open it or go elsewhere. */
	void finish(String why) {
		end();
		this.queue.finish((stream) -> stream.onError(Status.UNAVAILABLE.withDescription(why).asRuntimeException()),
				true);
	}

	@Override
	public void onNext(GateFrame frame) {
		if (this.rejected) {
			return;
		}
		if (this.node == null && !hello(frame)) {
			this.rejected = true;
			return;
		}
		for (GateItem item : frame.getItemsList()) {
			try {
				if (item.hasMessage()) {
					this.node.deliver(Protos.message(item.getMessage(), this.returnPath));
				}
				else if (item.hasEvent()) {
					this.node.sessionEvent(Protos.event(item.getEvent()));
				}
			}
			catch (RuntimeException ex) {
				this.metrics.failed(GrpcMetrics.FAILED_NODE_ERROR);
				logger.debug("Node '" + this.nodeId + "' did not take a message", ex);
			}
		}
		requestNext(frame.getItemsCount() > 0);
	}

	/** Asks for the next frame: at once after one that brought no work, else once the node is ready. */
	private void requestNext(boolean broughtWork) {
		String caller = (this.gateId != null) ? this.gateId : "";
		if (!broughtWork || this.node.isReady(caller)) {
			this.responses.request(1);
		}
		else {
			this.node.whenReady(caller, () -> this.responses.request(1));
		}
	}

	private boolean hello(GateFrame frame) {
		if (!frame.hasHello()) {
			this.responses.onError(Status.INVALID_ARGUMENT.withDescription("The first frame must say hello")
				.asRuntimeException());
			return false;
		}
		Hello hello = frame.getHello();
		NodeEndpoint endpoint = this.local.node(hello.getNodeId());
		if (endpoint == null) {
			this.responses.onError(Status.NOT_FOUND.withDescription("No node '" + hello.getNodeId() + "' here")
				.asRuntimeException());
			return false;
		}
		this.node = endpoint;
		this.nodeId = hello.getNodeId();
		boolean fromGate = hello.getCallerKind() == CallerKind.CALLER_KIND_GATE;
		this.gateId = fromGate ? hello.getCallerId() : null;
		// Messages from other nodes answer to gates this stream does not lead to: their replies
		// find the gate by id.
		this.returnPath = fromGate ? this : null;
		// Written before the queue is attached, so no drain can overlap it.
		this.responses.onNext(WELCOME);
		this.open = true;
		this.links.opened(this);
		this.queue.attach(this.responses, this.loop);
		return true;
	}

	@Override
	public void onError(Throwable failure) {
		end();
		this.queue.detach();
	}

	@Override
	public void onCompleted() {
		end();
		this.queue.finish(StreamObserver::onCompleted, true);
	}

	private void end() {
		if (this.open) {
			this.open = false;
			this.links.closed(this);
		}
	}

}
