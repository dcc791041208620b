package io.rally.cluster.grpc;

import java.util.concurrent.Executor;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.NodeEndpoint;
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
 * node in the order they were sent; when the caller is a gate, packets for that gate's
 * connections go back on the same stream, batched like the incoming ones.
 *
 * <p>gRPC calls the {@link StreamObserver} methods one at a time; {@link #push} and
 * {@link #finish} may be called from any thread.
 */
final class InboundLink implements StreamObserver<GateFrame> {

	private static final Log logger = LogFactory.getLog(InboundLink.class);

	private static final NodeFrame WELCOME = NodeFrame.newBuilder().setWelcome(true).build();

	private final GrpcLinks links;

	private final ServerCallStreamObserver<NodeFrame> responses;

	private final FrameQueue<Push, NodeFrame> queue;

	private volatile String nodeId = "";

	private volatile String gateId;

	private volatile boolean open;

	private NodeEndpoint node;

	private boolean rejected;

	InboundLink(GrpcLinks links, ServerCallStreamObserver<NodeFrame> responses) {
		this.links = links;
		this.responses = responses;
		GrpcClusterProperties properties = links.properties();
		GrpcMetrics metrics = links.metrics();
		this.queue = new FrameQueue<>(properties.getMaxQueuedMessages(), properties.getMaxBatchSize(),
				links.maxFrameBytes(), Push::weight, Protos.nodeFramer(),
				() -> metrics.frameSent(GrpcMetrics.REMOTE_GATE));
		responses.setOnReadyHandler(this.queue::onReady);
		responses.setOnCancelHandler(this::end);
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

	/** Queues a packet for a connection of the caller gate; {@code false} if the queue is full. */
	boolean push(long connectionId, Packet packet) {
		return this.queue.offer(new Push(connectionId, packet));
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
					this.node.deliver(Protos.message(item.getMessage()));
				}
				else if (item.hasEvent()) {
					this.node.sessionEvent(Protos.event(item.getEvent()));
				}
			}
			catch (RuntimeException ex) {
				this.links.metrics().failed(GrpcMetrics.FAILED_NODE_ERROR);
				logger.debug("Node '" + this.nodeId + "' did not take a message", ex);
			}
		}
	}

	private boolean hello(GateFrame frame) {
		if (!frame.hasHello()) {
			this.responses.onError(Status.INVALID_ARGUMENT.withDescription("The first frame must say hello")
				.asRuntimeException());
			return false;
		}
		Hello hello = frame.getHello();
		NodeEndpoint endpoint = this.links.node(hello.getNodeId());
		if (endpoint == null) {
			this.responses.onError(Status.NOT_FOUND.withDescription("No node '" + hello.getNodeId() + "' here")
				.asRuntimeException());
			return false;
		}
		this.node = endpoint;
		this.nodeId = hello.getNodeId();
		this.gateId = (hello.getCallerKind() == CallerKind.CALLER_KIND_GATE) ? hello.getCallerId() : null;
		// Written before the queue is attached, so no drain can overlap it.
		this.responses.onNext(WELCOME);
		this.open = true;
		this.links.opened(this);
		this.queue.attach(this.responses, transportLoop());
		return true;
	}

	/**
	 * The event loop of the stream's transport, which calls this observer (the service runs on
	 * the direct executor); another of the links' loops if gRPC called from elsewhere.
	 */
	private Executor transportLoop() {
		Executor current = this.links.eventLoops().currentLoop();
		return (current != null) ? current : this.links.eventLoops().next();
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
