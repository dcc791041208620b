package io.rally.cluster.grpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ReturnPath;
import io.rally.protocol.Packet;

/**
 * The return path a gate of the test puts on its messages: it records the messages that come
 * back undelivered, and hands replies to a {@link RecordingGate} as a gate hands them to its
 * connections.
 */
final class ReturnedMessages implements ReturnPath {

	final List<ClientMessage> undelivered = new CopyOnWriteArrayList<>();

	private final RecordingGate gate;

	ReturnedMessages(RecordingGate gate) {
		this.gate = gate;
	}

	@Override
	public CompletableFuture<Boolean> reply(long connectionId, Packet packet) {
		return this.gate.pushToConnection(connectionId, packet);
	}

	@Override
	public void undelivered(ClientMessage message) {
		this.undelivered.add(message);
	}

}
