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

/** Serves the streams that callers open to the nodes this JVM exports. */
final class NodeLinkService extends NodeLinkGrpc.NodeLinkImplBase {

	private final GrpcLinks links;

	NodeLinkService(GrpcLinks links) {
		this.links = links;
	}

	/** The executor of a call to this service, {@code null} (the server's) for any other call. */
	static Executor executor(ServerCall<?, ?> call, Metadata headers) {
		return NodeLinkGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
				? MoreExecutors.directExecutor() : null;
	}

	@Override
	public StreamObserver<GateFrame> connect(StreamObserver<NodeFrame> responses) {
		return new InboundLink(this.links, (ServerCallStreamObserver<NodeFrame>) responses);
	}

	/** Runs on the transport's event loop like the streams: a node's ping must not block. */
	@Override
	public void ping(PingRequest request, StreamObserver<PingReply> responses) {
		NodeEndpoint node = this.links.node(request.getNodeId());
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
