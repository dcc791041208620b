package io.rally.cluster.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the gRPC links. {@code remote} tags say which kind of instance is on the
 * other end: {@code node} for streams this JVM opened to nodes, {@code gate} for streams
 * gates opened to this JVM's nodes.
 */
final class GrpcMetrics {

	static final String LINK_UP = "rally.cluster.grpc.link.up";

	static final String FRAMES_SENT = "rally.cluster.grpc.frames.sent";

	static final String MESSAGES_FAILED = "rally.cluster.grpc.messages.failed";

	static final String RECONNECTS = "rally.cluster.grpc.reconnects";

	static final String REMOTE_NODE = "node";

	static final String REMOTE_GATE = "gate";

	/** A node's handler threw while taking a message from a stream. */
	static final String FAILED_NODE_ERROR = "node-error";

	/** Held messages of a stream that stayed broken longer than the reconnect grace. */
	static final String FAILED_EXPIRED = "expired";

	/** A node sent packets for a gate this JVM no longer exports. */
	static final String FAILED_NO_GATE = "no-gate";

	/** A unary call to a gate failed. */
	static final String FAILED_GATE_CALL = "gate-call";

	private final MeterRegistry registry;

	private final AtomicInteger nodeLinksUp = new AtomicInteger();

	private final AtomicInteger gateLinksUp = new AtomicInteger();

	private final Counter framesToNodes;

	private final Counter framesToGates;

	private final Map<String, Counter> failures = new ConcurrentHashMap<>();

	private final Counter reconnects;

	GrpcMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder(LINK_UP, this.nodeLinksUp, AtomicInteger::get)
			.description("Open gRPC streams, by the kind of instance on the other end")
			.tag("remote", REMOTE_NODE)
			.register(registry);
		Gauge.builder(LINK_UP, this.gateLinksUp, AtomicInteger::get)
			.description("Open gRPC streams, by the kind of instance on the other end")
			.tag("remote", REMOTE_GATE)
			.register(registry);
		this.framesToNodes = framesCounter(REMOTE_NODE);
		this.framesToGates = framesCounter(REMOTE_GATE);
		this.reconnects = Counter.builder(RECONNECTS)
			.description("Attempts to re-open a broken stream, by the kind of instance on the other end")
			.tag("remote", REMOTE_NODE)
			.register(registry);
	}

	void reconnecting() {
		this.reconnects.increment();
	}

	private Counter framesCounter(String remote) {
		return Counter.builder(FRAMES_SENT)
			.description("Stream frames written, each carrying a batch of messages")
			.tag("remote", remote)
			.register(this.registry);
	}

	AtomicInteger linksUp(String remote) {
		return REMOTE_NODE.equals(remote) ? this.nodeLinksUp : this.gateLinksUp;
	}

	void frameSent(String remote) {
		(REMOTE_NODE.equals(remote) ? this.framesToNodes : this.framesToGates).increment();
	}

	void failed(String reason) {
		failed(reason, 1);
	}

	void failed(String reason, int count) {
		if (count > 0) {
			this.failures.computeIfAbsent(reason, this::failureCounter).increment(count);
		}
	}

	private Counter failureCounter(String reason) {
		return Counter.builder(MESSAGES_FAILED)
			.description("Messages and calls between gates and nodes that could not be carried")
			.tag("reason", reason)
			.register(this.registry);
	}

}
