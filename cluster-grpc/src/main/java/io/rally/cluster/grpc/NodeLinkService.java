package io.rally.cluster.grpc;

import java.util.concurrent.Executor;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.NodeFrame;
import io.rally.cluster.proto.NodeLinkGrpc;
import io.rally.cluster.proto.PingReply;
import io.rally.cluster.proto.PingRequest;

/** Serves the streams that callers open to the nodes this JVM exports, and their pings. */
final class NodeLinkService extends NodeLinkGrpc.NodeLinkImplBase {

	private final LocalEndpoints local;

	private final InboundLinks inbound;

	private final LinkSettings settings;

	private final GrpcMetrics metrics;

	private final LinkEventLoops eventLoops;

	NodeLinkService(LocalEndpoints local, InboundLinks inbound, LinkSettings settings, GrpcMetrics metrics,
			LinkEventLoops eventLoops) {
		this.local = local;
		this.inbound = inbound;
		this.settings = settings;
		this.metrics = metrics;
		this.eventLoops = eventLoops;
	}

	/** The executor of a call to this service, {@code null} (the server's) for any other call. */
	static Executor executor(ServerCall<?, ?> call, Metadata headers) {
		return NodeLinkGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
				? MoreExecutors.directExecutor() : null;
	}

	@Override
	public StreamObserver<GateFrame> connect(StreamObserver<NodeFrame> responses) {
		return new InboundLink((ServerCallStreamObserver<NodeFrame>) responses, transportLoop(), this.local,
				this.inbound, this.settings, this.metrics);
	}

	/**
	 * The event loop of the new stream's transport, which calls this service (it runs on the
	 * direct executor); another of the links' loops if gRPC called from elsewhere.
	 */
	private Executor transportLoop() {
		Executor current = this.eventLoops.currentLoop();
		return (current != null) ? current : this.eventLoops.next();
	}

	/** Runs on the transport's event loop like the streams: a node's ping must not block. */
	@Override
	public void ping(PingRequest request, StreamObserver<PingReply> responses) {
		NodeEndpoint node = this.local.node(request.getNodeId());
		if (node == null) {
			responses.onError(Status.NOT_FOUND.withDescription("No node '" + request.getNodeId() + "' here")
				.asRuntimeException());
			return;
		}
		node.ping().whenComplete((ignored, failure) -> {
			if (failure != null) {
				responses.onError(Status.UNAVAILABLE.withDescription("Node did not answer: " + failure)
					.asRuntimeException());
			}
			else {
				responses.onNext(PingReply.getDefaultInstance());
				responses.onCompleted();
			}
		});
	}

}
