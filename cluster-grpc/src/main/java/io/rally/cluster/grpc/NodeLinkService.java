package io.rally.cluster.grpc;

import java.util.concurrent.Executor;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.NodeFrame;
import io.rally.cluster.proto.NodeLinkGrpc;

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

}
