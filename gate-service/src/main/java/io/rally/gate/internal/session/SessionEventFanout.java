package io.rally.gate.internal.session;

import java.util.List;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.SessionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells every registered node that a connection of this gate opened, closed, or took over a
 * user from an earlier connection. A node that cannot be told is logged and skipped: the others
 * still hear of it. Thread-safe.
 */
final class SessionEventFanout {

	private static final Log logger = LogFactory.getLog(SessionEventFanout.class);

	private final String gateId;

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	SessionEventFanout(String gateId, InstanceRegistry registry, ClusterTransport transport) {
		this.gateId = gateId;
		this.registry = registry;
		this.transport = transport;
	}

	/** Sends an event about {@code session} and the user it concerns (0 for none) to every node. */
	void announce(SessionEvent.Type type, Session session, long userId) {
		List<InstanceInfo> nodes = this.registry.instances(InstanceKind.NODE);
		if (nodes.isEmpty()) {
			return;
		}
		SessionEvent event = new SessionEvent(type, this.gateId, session.id(), userId, session.clientIp());
		for (InstanceInfo node : nodes) {
			try {
				this.transport.node(node).sessionEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not send " + type + " to node '" + node.id() + "': " + ex);
			}
		}
	}

}
