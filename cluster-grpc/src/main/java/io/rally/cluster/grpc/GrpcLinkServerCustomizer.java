package io.rally.cluster.grpc;

import io.grpc.ServerBuilder;

/**
 * Adjusts the gRPC server that carries this JVM's gate and node links before it is built: to
 * add interceptors (authentication, tracing, fault injection in tests), for example. Every bean
 * of this type is applied in order, after the links configured the builder.
 */
@FunctionalInterface
public interface GrpcLinkServerCustomizer {

	void customize(ServerBuilder<?> builder);

}
