package io.rally.mesh;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * A gRPC service for tests, written without generated code (the framework has no service of
 * its own to host): one unary method, {@code rally.test.Echo/Echo}, that answers the
 * {@code StringValue} it is sent.
 */
final class EchoService implements BindableService {

	static final String SERVICE_NAME = "rally.test.Echo";

	private static final MethodDescriptor<StringValue, StringValue> ECHO = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Echo"))
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(SERVICE_NAME)
			.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(request);
				response.onCompleted();
			}))
			.build();
	}

	/** Calls the echo on {@code channel}. */
	static String call(Channel channel, String text) {
		return ClientCalls
			.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
					StringValue.of(text))
			.getValue();
	}

}
