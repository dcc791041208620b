package io.rally.cluster.grpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.grpc.NodeStream.Caller;
import io.rally.cluster.proto.NodeLinkGrpc;
import io.rally.cluster.proto.PingReply;
import io.rally.cluster.proto.PingRequest;

/**
 * A node in another JVM, reached through one stream per caller: one per gate of this JVM
 * (the node sends that gate's replies back on it), and one shared by every other sender.
 * All messages of a connection come from its gate and so share a stream, which keeps them
 * in order.
 *
 * <p>{@link #deliver} and {@link #sessionEvent} never block and throw
 * {@link NodeUnavailableException} when the message was not taken.
 */
final class RemoteNode implements NodeEndpoint {

	private final String nodeId;

	private final NodeLinkGrpc.NodeLinkStub stub;

	private final Executor loop;

	private final LocalEndpoints local;

	private final LinkSettings settings;

	private final GrpcMetrics metrics;

	private final ScheduledExecutorService timer;

	private final Map<String, NodeStream> streams = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * @param loop the event loop of the channel's transports, which builds and writes the frames
	 * @param local the endpoints of this JVM, among them the gates that get a stream of their own
	 * @param timer runs the streams' reconnects
	 */
	RemoteNode(String nodeId, Channel channel, Executor loop, LocalEndpoints local, LinkSettings settings,
			GrpcMetrics metrics, ScheduledExecutorService timer) {
		this.nodeId = nodeId;
		// The stream's callbacks only queue work or hand packets to a gate, which never blocks:
		// they may run on the transport's event loop.
		this.stub = NodeLinkGrpc.newStub(channel).withExecutor(MoreExecutors.directExecutor());
		this.loop = loop;
		this.local = local;
		this.settings = settings;
		this.metrics = metrics;
		this.timer = timer;
	}

	/**
	 * {@inheritDoc}
	 * @throws NodeUnavailableException if the stream to the node is full, or broken for longer
	 * than the reconnect grace, or the message is too large
	 */
	@Override
	public void deliver(ClientMessage message) {
		stream(message.gateId()).send(message);
	}

	/**
	 * {@inheritDoc}
	 * @throws NodeUnavailableException if the stream to the node is full, or broken for longer
	 * than the reconnect grace
	 */
	@Override
	public void sessionEvent(SessionEvent event) {
		stream(event.gateId()).send(event);
	}

	/** Whether the stream of gate {@code gateId}'s messages is below its high-water mark. */
	@Override
	public boolean isReady(String gateId) {
		return stream(gateId).isReady();
	}

	@Override
	public void whenReady(String gateId, Runnable task) {
		stream(gateId).whenReady(task);
	}

	/** A unary {@code NodeLink.Ping} on the channel the node's streams use, within the call deadline. */
	@Override
	public CompletableFuture<Void> ping() {
		CompletableFuture<Void> answered = new CompletableFuture<>();
		if (this.closed) {
			answered.completeExceptionally(new NodeUnavailableException(this.nodeId,
					NodeUnavailableException.Reason.CLOSED));
			return answered;
		}
		PingRequest request = PingRequest.newBuilder().setNodeId(this.nodeId).build();
		this.stub.withDeadlineAfter(this.settings.deadlineNanos(), TimeUnit.NANOSECONDS)
			.ping(request, new StreamObserver<>() {

				@Override
				public void onNext(PingReply reply) {
				}

				@Override
				public void onError(Throwable failure) {
					answered.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
					answered.complete(null);
				}

			});
		return answered;
	}

	private NodeStream stream(String gateId) {
		GateEndpoint gate = (gateId != null) ? this.local.gate(gateId) : null;
		String key = (gate != null) ? gateId : Caller.OTHERS.id();
		NodeStream stream = this.streams.get(key);
		if (stream != null) {
			return stream;
		}
		if (this.closed) {
			throw new NodeUnavailableException(this.nodeId, NodeUnavailableException.Reason.CLOSED);
		}
		Caller caller = (gate != null) ? Caller.gate(gateId, gate) : Caller.OTHERS;
		return this.streams.computeIfAbsent(key, (id) -> new NodeStream(this.nodeId, caller, this.stub, this.loop,
				this.settings, this.metrics, this.timer, (idle) -> this.streams.remove(id, idle)));
	}

	/** Closes the stream of a caller gate that went away. */
	void callerGone(String gateId) {
		NodeStream stream = this.streams.remove(gateId);
		if (stream != null) {
			stream.close();
		}
	}

	void close() {
		this.closed = true;
		this.streams.values().forEach(NodeStream::close);
		this.streams.clear();
	}

}
