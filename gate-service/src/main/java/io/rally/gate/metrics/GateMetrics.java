package io.rally.gate.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gate's meters. Tag values come from small fixed sets (transports, reasons); user ids and
 * connection ids never become tags. Counters are resolved once per tag value and cached, so
 * counting on the message path is a map lookup and an increment. Thread-safe.
 */
public final class GateMetrics {

	public static final String CONNECTIONS = "rally.gate.connections";

	public static final String CONNECTIONS_OPENED = "rally.gate.connections.opened";

	public static final String CONNECTIONS_CLOSED = "rally.gate.connections.closed";

	public static final String DECODE_ERRORS = "rally.gate.decode.errors";

	public static final String MESSAGES_DROPPED = "rally.gate.messages.dropped";

	public static final String MESSAGES_RECEIVED = "rally.gate.messages.received";

	public static final String MESSAGES_SENT = "rally.gate.messages.sent";

	/** Transparent relays started, by transport and whether the kernel splices them. */
	public static final String RELAYS_STARTED = "rally.gate.relay.started";

	/** Transparent clients refused, by transport and reason. */
	public static final String RELAY_REFUSED = "rally.gate.relay.refused";

	/** Dropped: the route is unknown or internal. */
	public static final String DROP_UNKNOWN_ROUTE = "unknown_route";

	/** Dropped: the route needs a bound user and the connection has none. */
	public static final String DROP_UNAUTHORIZED = "unauthorized";

	/** Dropped: no node can take the packet. */
	public static final String DROP_NO_NODE = "no_node";

	/** Dropped: the node's endpoint refused or failed the delivery. */
	public static final String DROP_DELIVERY_FAILED = "delivery_failed";

	/** Dropped: an error packet for a connection that did not opt in to them. */
	public static final String DROP_ERROR_NOT_WANTED = "error_not_wanted";

	/** Dropped: a push whose payload exceeds the protocol's maximum. */
	public static final String DROP_TOO_LARGE = "too_large";

	/** Dropped: a push to a connection that is gone or too slow to take it. */
	public static final String DROP_NOT_WRITABLE = "not_writable";

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

	private final Map<String, Counter> opened = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Counter>> closed = new ConcurrentHashMap<>();

	private final Map<String, Counter> decodeErrors = new ConcurrentHashMap<>();

	private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Counter>> relayRefused = new ConcurrentHashMap<>();

	private final Map<String, Counter> relaysStarted = new ConcurrentHashMap<>();

	private final Counter received;

	private final Counter sent;

	public GateMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.received = Counter.builder(MESSAGES_RECEIVED)
			.description("Data packets received from clients")
			.register(registry);
		this.sent = Counter.builder(MESSAGES_SENT).description("Data packets written to clients").register(registry);
	}

	public MeterRegistry registry() {
		return this.registry;
	}

	/** A connection of {@code transport} was accepted; it stays in the gauge until closed. */
	public void connectionOpened(String transport) {
		this.opened.computeIfAbsent(transport, (t) -> Counter.builder(CONNECTIONS_OPENED)
			.description("Connections accepted")
			.tag("transport", t)
			.register(this.registry)).increment();
		gauge(transport).incrementAndGet();
	}

	/** A connection that was counted by {@link #connectionOpened} closed. */
	public void connectionClosed(String transport, String reason) {
		gauge(transport).decrementAndGet();
		closedCounter(transport, reason).increment();
	}

	/**
	 * A connection was closed right after accept (over the limit): counted as closed with
	 * {@code reason}, but never opened nor in the gauge.
	 */
	public void connectionRejected(String transport, String reason) {
		closedCounter(transport, reason).increment();
	}

	private Counter closedCounter(String transport, String reason) {
		return this.closed.computeIfAbsent(transport, (t) -> new ConcurrentHashMap<>())
			.computeIfAbsent(reason, (r) -> Counter.builder(CONNECTIONS_CLOSED)
				.description("Connections closed, by reason")
				.tag("transport", transport)
				.tag("reason", r)
				.register(this.registry));
	}

	/** Input that broke the protocol; {@code reason} is a {@code ProtocolException.Reason} tag. */
	public void decodeError(String reason) {
		this.decodeErrors.computeIfAbsent(reason, (r) -> Counter.builder(DECODE_ERRORS)
			.description("Connections closed for input that broke the protocol")
			.tag("reason", r)
			.register(this.registry)).increment();
	}

	/** A transparent client was refused; {@code reason} is a {@code RelayRefusal} tag. */
	public void relayRefused(String transport, String reason) {
		this.relayRefused.computeIfAbsent(transport, (t) -> new ConcurrentHashMap<>())
			.computeIfAbsent(reason, (r) -> Counter.builder(RELAY_REFUSED)
				.description("Transparent clients refused, by reason")
				.tag("transport", transport)
				.tag("reason", r)
				.register(this.registry))
			.increment();
	}

	/** A transparent client's relay to its backend started, spliced in the kernel or copied. */
	public void relayStarted(String transport, boolean spliced) {
		String copy = spliced ? "splice" : "copy";
		this.relaysStarted.computeIfAbsent(transport + "/" + copy, (key) -> Counter.builder(RELAYS_STARTED)
			.description("Transparent relays started, by how bytes move")
			.tag("transport", transport)
			.tag("copy", copy)
			.register(this.registry)).increment();
	}

	/** A packet, from a client or to one, that the gate did not pass on. */
	public void dropped(String reason) {
		this.dropped.computeIfAbsent(reason, (r) -> Counter.builder(MESSAGES_DROPPED)
			.description("Packets the gate did not pass on, by reason")
			.tag("reason", r)
			.register(this.registry)).increment();
	}

	public void received() {
		this.received.increment();
	}

	public void sent() {
		this.sent.increment();
	}

	private AtomicInteger gauge(String transport) {
		return this.connections.computeIfAbsent(transport, (t) -> {
			AtomicInteger value = new AtomicInteger();
			Gauge.builder(CONNECTIONS, value, AtomicInteger::get)
				.description("Open client connections")
				.tag("transport", t)
				.register(this.registry);
			return value;
		});
	}

}
