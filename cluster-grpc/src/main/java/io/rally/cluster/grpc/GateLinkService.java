package io.rally.cluster.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.proto.BindUserRequest;
import io.rally.cluster.proto.BoolReply;
import io.rally.cluster.proto.BroadcastRequest;
import io.rally.cluster.proto.ChannelUserRequest;
import io.rally.cluster.proto.CountReply;
import io.rally.cluster.proto.DisconnectConnectionRequest;
import io.rally.cluster.proto.DisconnectUserRequest;
import io.rally.cluster.proto.EvictDuplicateLoginRequest;
import io.rally.cluster.proto.GateLinkGrpc;
import io.rally.cluster.proto.GateRequest;
import io.rally.cluster.proto.MulticastRequest;
import io.rally.cluster.proto.PublishRequest;
import io.rally.cluster.proto.PushToConnectionRequest;
import io.rally.cluster.proto.PushToUserRequest;
import io.rally.cluster.proto.UserRequest;

/**
 * Serves the unary calls of nodes to the gates this JVM exports by calling the gate's
 * {@link GateEndpoint} and answering when its future completes; nothing blocks.
 */
final class GateLinkService extends GateLinkGrpc.GateLinkImplBase {

	private final LocalEndpoints local;

	GateLinkService(LocalEndpoints local) {
		this.local = local;
	}

	@Override
	public void bindUser(BindUserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.bindUser(request.getConnectionId(), request.getUserId()));
	}

	@Override
	public void unbindUser(UserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies, (gate) -> gate.unbindUser(request.getUserId()));
	}

	@Override
	public void pushToConnection(PushToConnectionRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.pushToConnection(request.getConnectionId(), Protos.packet(request.getPacket())));
	}

	@Override
	public void pushToUser(PushToUserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.pushToUser(request.getUserId(), Protos.packet(request.getPacket())));
	}

	@Override
	public void multicast(MulticastRequest request, StreamObserver<CountReply> replies) {
		answerCount(request.getGateId(), replies,
				(gate) -> gate.multicast(request.getUserIdsList(), Protos.packet(request.getPacket())));
	}

	@Override
	public void broadcast(BroadcastRequest request, StreamObserver<CountReply> replies) {
		answerCount(request.getGateId(), replies, (gate) -> gate.broadcast(Protos.packet(request.getPacket())));
	}

	@Override
	public void disconnectConnection(DisconnectConnectionRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.disconnectConnection(request.getConnectionId(), request.getReason()));
	}

	@Override
	public void disconnectUser(DisconnectUserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.disconnectUser(request.getUserId(), request.getReason()));
	}

	@Override
	public void evictDuplicateLogin(EvictDuplicateLoginRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.evictDuplicateLogin(request.getUserId(), request.getEpoch()));
	}

	@Override
	public void isOnline(UserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies, (gate) -> gate.isOnline(request.getUserId()));
	}

	@Override
	public void onlineCount(GateRequest request, StreamObserver<CountReply> replies) {
		answerCount(request.getGateId(), replies, GateEndpoint::onlineCount);
	}

	@Override
	public void subscribe(ChannelUserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies, (gate) -> gate.subscribe(request.getChannel(), request.getUserId()));
	}

	@Override
	public void unsubscribe(ChannelUserRequest request, StreamObserver<BoolReply> replies) {
		answerBool(request.getGateId(), replies,
				(gate) -> gate.unsubscribe(request.getChannel(), request.getUserId()));
	}

	@Override
	public void publish(PublishRequest request, StreamObserver<CountReply> replies) {
		answerCount(request.getGateId(), replies,
				(gate) -> gate.publish(request.getChannel(), Protos.packet(request.getPacket())));
	}

	private void answerBool(String gateId, StreamObserver<BoolReply> replies,
			Function<GateEndpoint, CompletableFuture<Boolean>> operation) {
		answer(gateId, replies, operation, (value) -> BoolReply.newBuilder().setValue(value).build());
	}

	private void answerCount(String gateId, StreamObserver<CountReply> replies,
			Function<GateEndpoint, ? extends CompletableFuture<? extends Number>> operation) {
		answer(gateId, replies, operation, (value) -> CountReply.newBuilder().setValue(value.longValue()).build());
	}

	private <T, R> void answer(String gateId, StreamObserver<R> replies,
			Function<GateEndpoint, ? extends CompletableFuture<? extends T>> operation, Function<T, R> reply) {
		GateEndpoint gate = this.local.gate(gateId);
		if (gate == null) {
			replies.onError(Status.NOT_FOUND.withDescription("No gate '" + gateId + "' here").asRuntimeException());
			return;
		}
		CompletableFuture<? extends T> result;
		try {
			result = operation.apply(gate);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		result.whenComplete((value, failure) -> {
			if (failure == null) {
				replies.onNext(reply.apply(value));
				replies.onCompleted();
			}
			else {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				replies.onError(statusOf(cause).withDescription("Gate '" + gateId + "' failed: " + cause)
					.asRuntimeException());
			}
		});
	}

	/**
	 * The status a gate's failure travels as: a refused argument (a bad channel name) and a
	 * refused state (too many channels) are the caller's to fix; anything else is the gate's
	 * fault.
	 */
	private static Status statusOf(Throwable cause) {
		if (cause instanceof IllegalArgumentException) {
			return Status.INVALID_ARGUMENT;
		}
		if (cause instanceof IllegalStateException) {
			return Status.FAILED_PRECONDITION;
		}
		return Status.INTERNAL;
	}

}
