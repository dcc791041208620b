package io.rally.cluster.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The streams callers opened to this JVM's nodes, so that the link server can end them, and
 * so that packets a node sends to a gate's connection without a return path (a push to the
 * connection, a reply to a message a node made up) go on a stream that gate opened rather
 * than as a call each. Thread-safe.
 */
final class InboundLinks {

	private final GrpcMetrics metrics;

	private final List<InboundLink> all = new CopyOnWriteArrayList<>();

	private final Map<String, List<InboundLink>> byGate = new ConcurrentHashMap<>();

	InboundLinks(GrpcMetrics metrics) {
		this.metrics = metrics;
	}

	/** A stream was welcomed. */
	void opened(InboundLink link) {
		this.all.add(link);
		if (link.gateId() != null) {
			this.byGate.computeIfAbsent(link.gateId(), (id) -> new CopyOnWriteArrayList<>()).add(link);
			this.metrics.linksUp(GrpcMetrics.REMOTE_GATE).incrementAndGet();
		}
	}

	/** A stream ended; once per stream that {@linkplain #opened opened}. */
	void closed(InboundLink link) {
		if (!this.all.remove(link) || link.gateId() == null) {
			return;
		}
		this.metrics.linksUp(GrpcMetrics.REMOTE_GATE).decrementAndGet();
		this.byGate.computeIfPresent(link.gateId(), (id, links) -> {
			links.remove(link);
			return links.isEmpty() ? null : links;
		});
	}

	/**
	 * A stream gate {@code gateId} opened to this JVM, or {@code null}; always the oldest one,
	 * so that the packets a node sends one after another this way stay in order.
	 */
	InboundLink toGate(String gateId) {
		List<InboundLink> links = this.byGate.get(gateId);
		if (links != null) {
			for (InboundLink link : links) {
				if (link.isOpen()) {
					return link;
				}
			}
		}
		return null;
	}

	/** Ends the streams to node {@code nodeId} after their queued packets were written. */
	void finish(String nodeId, String why) {
		for (InboundLink link : this.all) {
			if (link.nodeId().equals(nodeId)) {
				link.finish(why);
			}
		}
	}

	/** Ends every stream after its queued packets were written. */
	void finishAll(String why) {
		this.all.forEach((link) -> link.finish(why));
	}

}
