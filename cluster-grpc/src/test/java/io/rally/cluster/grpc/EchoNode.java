package io.rally.cluster.grpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.protocol.Packet;

/**
 * A node that logs what it gets per connection and echoes every message to its connection
 * through the transport, as node code replies.
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
		this.transport.gate(this.gates.get(message.gateId()))
			.pushToConnection(message.connectionId(), new Packet(message.route(), message.seq(), message.payload()));
	}

	@Override
	public void sessionEvent(SessionEvent event) {
		log(event.connectionId()).add(event.type().name());
	}

	List<String> log(long connectionId) {
		return this.log.computeIfAbsent(connectionId, (id) -> Collections.synchronizedList(new ArrayList<>()));
	}

}
