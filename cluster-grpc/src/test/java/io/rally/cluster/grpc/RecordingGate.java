package io.rally.cluster.grpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.cluster.GateEndpoint;
import io.rally.protocol.Packet;

/**
 * A gate that records what nodes ask of it and answers with fixed values: user 42 is online
 * on connection 7, three users are bound, two connections are in every channel. It refuses
 * the channel name {@code bad} as a gate refuses a bad name, and subscriptions to
 * {@code full} as a gate refuses one too many.
 */
final class RecordingGate implements GateEndpoint {

	final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	private final Map<Long, List<Packet>> pushes = new ConcurrentHashMap<>();

	private final AtomicInteger pushCount = new AtomicInteger();

	List<Packet> pushes(long connectionId) {
		return this.pushes.computeIfAbsent(connectionId, (id) -> Collections.synchronizedList(new ArrayList<>()));
	}

	int pushCount() {
		return this.pushCount.get();
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
		this.calls.add("bind " + connectionId + " " + userId);
		return CompletableFuture.completedFuture(connectionId == 7);
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		this.calls.add("unbind " + userId);
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
		pushes(connectionId).add(packet);
		this.pushCount.incrementAndGet();
		return CompletableFuture.completedFuture(true);
	}

	@Override
	public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
		this.calls.add("pushToUser " + userId + " " + new String(packet.payload()));
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
		this.calls.add("multicast " + userIds + " " + new String(packet.payload()));
		return CompletableFuture.completedFuture((int) userIds.stream().filter((id) -> id == 42).count());
	}

	@Override
	public CompletableFuture<Integer> broadcast(Packet packet) {
		this.calls.add("broadcast " + new String(packet.payload()));
		return CompletableFuture.completedFuture(3);
	}

	@Override
	public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
		this.calls.add("disconnect " + connectionId + " " + reason);
		return CompletableFuture.completedFuture(connectionId == 7);
	}

	@Override
	public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
		this.calls.add("kick " + userId + " " + reason);
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
		this.calls.add("evict " + userId + " " + epoch);
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		return CompletableFuture.completedFuture(3L);
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		this.calls.add("subscribe " + channel + " " + userId);
		if (channel.equals("bad")) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Channel name 'bad'"));
		}
		if (channel.equals("full")) {
			return CompletableFuture.failedFuture(new IllegalStateException("Too many channels"));
		}
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
		this.calls.add("unsubscribe " + channel + " " + userId);
		return CompletableFuture.completedFuture(userId == 42);
	}

	@Override
	public CompletableFuture<Integer> publish(String channel, Packet packet) {
		this.calls.add("publish " + channel + " " + packet.route() + " " + new String(packet.payload()));
		return CompletableFuture.completedFuture(2);
	}

}
