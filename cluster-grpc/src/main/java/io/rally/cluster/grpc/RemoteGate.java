package io.rally.cluster.grpc;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.Channel;
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
import io.rally.protocol.Packet;

/**
 * A gate in another JVM. Every operation is a unary call with the configured deadline whose
 * future fails with the call's {@link io.grpc.StatusRuntimeException} (a gate's refusal of
 * a bad argument as {@code INVALID_ARGUMENT}, of a limit as {@code FAILED_PRECONDITION}) — except
 * {@link #pushToConnection}, which goes on the oldest stream the gate opened to this JVM's
 * nodes when there is one (replies to the gate's messages need no gate: they go back on the
 * stream they came in on, their {@link io.rally.cluster.ReturnPath}). Such a push completes
 * with {@code true} once queued (whether the connection still exists is not reported back),
 * or fails with {@code RESOURCE_EXHAUSTED} if the stream's queue is full.
 */
final class RemoteGate implements GateEndpoint {

	private final String gateId;

	private final GateLinkGrpc.GateLinkStub stub;

	private final InboundLinks inbound;

	private final long deadlineNanos;

	private final GrpcMetrics metrics;

	/**
	 * @param inbound the streams gates opened to this JVM, on which pushes to connections go
	 * @param deadlineNanos the deadline of every call
	 */
	RemoteGate(String gateId, Channel channel, InboundLinks inbound, long deadlineNanos, GrpcMetrics metrics) {
		this.gateId = gateId;
		this.stub = GateLinkGrpc.newStub(channel);
		this.inbound = inbound;
		this.deadlineNanos = deadlineNanos;
		this.metrics = metrics;
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
		return call(BoolReply::getValue, (stub, reply) -> stub.bindUser(BindUserRequest.newBuilder()
			.setGateId(this.gateId)
			.setConnectionId(connectionId)
			.setUserId(userId)
			.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		return call(BoolReply::getValue, (stub, reply) -> stub.unbindUser(user(userId), reply));
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
		InboundLink link = this.inbound.toGate(this.gateId);
		if (link != null) {
			return link.push(connectionId, packet);
		}
		return call(BoolReply::getValue, (stub, reply) -> stub.pushToConnection(PushToConnectionRequest.newBuilder()
			.setGateId(this.gateId)
			.setConnectionId(connectionId)
			.setPacket(Protos.packet(packet))
			.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
		return call(BoolReply::getValue, (stub, reply) -> stub.pushToUser(PushToUserRequest.newBuilder()
			.setGateId(this.gateId)
			.setUserId(userId)
			.setPacket(Protos.packet(packet))
			.build(), reply));
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
		return call((CountReply reply) -> (int) reply.getValue(), (stub, reply) -> stub.multicast(MulticastRequest
			.newBuilder()
			.setGateId(this.gateId)
			.addAllUserIds(userIds)
			.setPacket(Protos.packet(packet))
			.build(), reply));
	}

	@Override
	public CompletableFuture<Integer> broadcast(Packet packet) {
		return call((CountReply reply) -> (int) reply.getValue(), (stub, reply) -> stub.broadcast(BroadcastRequest
			.newBuilder()
			.setGateId(this.gateId)
			.setPacket(Protos.packet(packet))
			.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
		return call(BoolReply::getValue, (stub, reply) -> stub.disconnectConnection(DisconnectConnectionRequest
			.newBuilder()
			.setGateId(this.gateId)
			.setConnectionId(connectionId)
			.setReason((reason != null) ? reason : "")
			.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
		return call(BoolReply::getValue, (stub, reply) -> stub.disconnectUser(DisconnectUserRequest.newBuilder()
			.setGateId(this.gateId)
			.setUserId(userId)
			.setReason((reason != null) ? reason : "")
			.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
		return call(BoolReply::getValue,
				(stub, reply) -> stub.evictDuplicateLogin(EvictDuplicateLoginRequest.newBuilder()
					.setGateId(this.gateId)
					.setUserId(userId)
					.setEpoch(epoch)
					.build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		return call(BoolReply::getValue, (stub, reply) -> stub.isOnline(user(userId), reply));
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		return call(CountReply::getValue, (stub, reply) -> stub
			.onlineCount(GateRequest.newBuilder().setGateId(this.gateId).build(), reply));
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		if (channel == null) {
			return nullChannel();
		}
		return call(BoolReply::getValue, (stub, reply) -> stub.subscribe(channelUser(channel, userId), reply));
	}

	@Override
	public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
		if (channel == null) {
			return nullChannel();
		}
		return call(BoolReply::getValue, (stub, reply) -> stub.unsubscribe(channelUser(channel, userId), reply));
	}

	@Override
	public CompletableFuture<Integer> publish(String channel, Packet packet) {
		if (channel == null) {
			return nullChannel();
		}
		return call((CountReply reply) -> (int) reply.getValue(), (stub, reply) -> stub.publish(PublishRequest
			.newBuilder()
			.setGateId(this.gateId)
			.setChannel(channel)
			.setPacket(Protos.packet(packet))
			.build(), reply));
	}

	private ChannelUserRequest channelUser(String channel, long userId) {
		return ChannelUserRequest.newBuilder().setGateId(this.gateId).setChannel(channel).setUserId(userId).build();
	}

	private static <T> CompletableFuture<T> nullChannel() {
		// Protobuf strings cannot be null; fail as the gate fails a bad name, without a call.
		return CompletableFuture.failedFuture(new IllegalArgumentException("Channel name null (expected: a name)"));
	}

	private UserRequest user(long userId) {
		return UserRequest.newBuilder().setGateId(this.gateId).setUserId(userId).build();
	}

	private <R, T> CompletableFuture<T> call(Function<R, T> value, Call<R> call) {
		Reply<R, T> reply = new Reply<>(value, this.metrics);
		call.start(this.stub.withDeadlineAfter(this.deadlineNanos, TimeUnit.NANOSECONDS), reply);
		return reply.result;
	}

	@FunctionalInterface
	private interface Call<R> {

		void start(GateLinkGrpc.GateLinkStub stub, StreamObserver<R> reply);

	}

	/** Completes a future with a unary call's answer. */
	private static final class Reply<R, T> implements StreamObserver<R> {

		private final CompletableFuture<T> result = new CompletableFuture<>();

		private final Function<R, T> value;

		private final GrpcMetrics metrics;

		Reply(Function<R, T> value, GrpcMetrics metrics) {
			this.value = value;
			this.metrics = metrics;
		}

		@Override
		public void onNext(R reply) {
			this.result.complete(this.value.apply(reply));
		}

		@Override
		public void onError(Throwable failure) {
			this.metrics.failed(GrpcMetrics.FAILED_GATE_CALL);
			this.result.completeExceptionally(failure);
		}

		@Override
		public void onCompleted() {
			// onNext completed the future; a call without an answer fails in onError.
		}

	}

}
