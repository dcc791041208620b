package io.rally.cluster.grpc;

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

	@Override
	public StreamObserver<GateFrame> connect(StreamObserver<NodeFrame> responses) {
		return new InboundLink(this.links, (ServerCallStreamObserver<NodeFrame>) responses);
	}

}
