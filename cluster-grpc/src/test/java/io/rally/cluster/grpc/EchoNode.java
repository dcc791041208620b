package io.rally.cluster.grpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.protocol.Packet;

/**
 * A node that logs what it gets per connection and echoes every message to its connection
 * as node code replies: on the message's return path, or through the transport to the gate
 * named in a message that has none.
 */
final class EchoNode implements NodeEndpoint {

	private final ClusterTransport transport;

	private final Map<String, InstanceInfo> gates;

	private final Map<Long, List<String>> log = new ConcurrentHashMap<>();

	EchoNode(ClusterTransport transport, InstanceInfo... gates) {
		this.transport = transport;
		this.gates = new ConcurrentHashMap<>();
		for (InstanceInfo gate : gates) {
			this.gates.put(gate.id(), gate);
		}
	}

	@Override
	public void deliver(ClientMessage message) {
		log(message.connectionId()).add("message " + message.seq());
		Packet echo = new Packet(message.route(), message.seq(), message.payload());
		if (message.returnPath() != null) {
			message.returnPath().reply(message.connectionId(), echo);
		}
		else {
			this.transport.gate(this.gates.get(message.gateId())).pushToConnection(message.connectionId(), echo);
		}
	}

	@Override
	public void sessionEvent(SessionEvent event) {
		log(event.connectionId()).add(event.type().name());
	}

	@Override
	public CompletableFuture<Void> ping() {
		return CompletableFuture.completedFuture(null);
	}

	List<String> log(long connectionId) {
		return this.log.computeIfAbsent(connectionId, (id) -> Collections.synchronizedList(new ArrayList<>()));
	}

}
