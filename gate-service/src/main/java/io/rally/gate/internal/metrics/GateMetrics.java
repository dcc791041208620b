package io.rally.gate.internal.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

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

	/** Transparent relays closed because their backend was redirected, by transport. */
	public static final String RELAYS_DRAINED = "rally.gate.relay.drained";

	/** KCP conversations refused or dropped before their source address was proven, by reason. */
	public static final String KCP_UNVERIFIED = "rally.gate.kcp.unverified";

	/** KCP conversations waiting for their source address to be proven. */
	public static final String KCP_UNVERIFIED_PENDING = "rally.gate.kcp.unverified.pending";

	public static final String BYTES_RECEIVED = "rally.gate.bytes.received";

	public static final String BYTES_SENT = "rally.gate.bytes.sent";

	/** Timer from handing a request to a node to writing its reply back: see {@link DispatchClock}. */
	public static final String DISPATCH = "rally.gate.dispatch";

	public static final String OUTBOUND_QUEUED = "rally.gate.outbound.queued";

	public static final String OUTBOUND_PENDING = "rally.gate.outbound.pending";

	/** Client addresses the per-address connection limits hold state for. */
	public static final String PER_IP_ADDRESSES = "rally.gate.per-ip.addresses";

	/** Dropped: the route is unknown or internal. */
	/** Counter of times the gate stopped reading from a connection, by reason. */
	public static final String READS_PAUSED = "rally.gate.reads.paused";

	/** Counter of packets over a connection's rate limit, by limit and action. */
	public static final String RATE_LIMITED = "rally.gate.rate.limited";

	/** A node's queue for this gate was past its high-water mark. */
	public static final String PAUSE_NODE_BUSY = "node_busy";

	/** The connection had as many requests awaiting a reply as allowed. */
	public static final String PAUSE_IN_FLIGHT = "in_flight";

	/** The connection sent faster than its rate limit allows. */
	public static final String PAUSE_RATE_LIMITED = "rate_limited";

	public static final String DROP_UNKNOWN_ROUTE = "unknown_route";

	/** Dropped: the route needs a bound user and the connection has none. */
	public static final String DROP_UNAUTHORIZED = "unauthorized";

	/** Dropped: no node can take the packet. */
	public static final String DROP_NO_NODE = "no_node";

	/** Dropped: the node's endpoint refused or failed the delivery. */
	public static final String DROP_DELIVERY_FAILED = "delivery_failed";

	/** Dropped: the link to the node failed after it had taken the packet. */
	public static final String DROP_LINK_FAILED = "link_failed";

	/** Dropped: an error packet for a connection that did not opt in to them. */
	public static final String DROP_ERROR_NOT_WANTED = "error_not_wanted";

	/** Dropped: a push whose payload exceeds the protocol's maximum. */
	public static final String DROP_TOO_LARGE = "too_large";

	/** Dropped: a push to a connection that is gone or too slow to take it. */
	public static final String DROP_NOT_WRITABLE = "not_writable";

	private final MeterRegistry registry;

	private final Map<String, Counter> paused = new ConcurrentHashMap<>();

	private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

	private final Map<String, Counter> opened = new ConcurrentHashMap<>();

	private final Map<String, Map<CloseReason, Counter>> closed = new ConcurrentHashMap<>();

	private final Map<String, Counter> decodeErrors = new ConcurrentHashMap<>();

	private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Counter>> relayRefused = new ConcurrentHashMap<>();

	private final Map<String, Counter> relaysStarted = new ConcurrentHashMap<>();

	private final Map<String, Counter> relaysDrained = new ConcurrentHashMap<>();

	private final Map<String, Counter> kcpUnverified = new ConcurrentHashMap<>();

	private final AtomicInteger kcpPending = new AtomicInteger();

	private final AtomicBoolean kcpPendingRegistered = new AtomicBoolean();

	private final Counter received;

	private final Counter sent;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Timer dispatch;

	public GateMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.received = Counter.builder(MESSAGES_RECEIVED)
			.description("Data packets received from clients")
			.register(registry);
		this.sent = Counter.builder(MESSAGES_SENT).description("Data packets written to clients").register(registry);
		this.bytesReceived = Counter.builder(BYTES_RECEIVED)
			.description("Payload bytes of the data packets received from clients")
			.register(registry);
		this.bytesSent = Counter.builder(BYTES_SENT)
			.description("Payload bytes of the data packets written to clients")
			.register(registry);
		// Bounded so that the histogram stays a few dozen buckets: replies faster than 100us or
		// slower than 30s land in the outer ones.
		this.dispatch = Timer.builder(DISPATCH)
			.description("Time from handing a client request to a node until its reply is written back")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(100_000))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
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
	public void connectionClosed(String transport, CloseReason reason) {
		gauge(transport).decrementAndGet();
		closedCounter(transport, reason).increment();
	}

	/**
	 * A connection was closed right after accept (over a limit, or a bad PROXY header from a
	 * trusted proxy): counted as closed with {@code reason}, but never opened nor in the gauge.
	 */
	public void connectionRejected(String transport, CloseReason reason) {
		closedCounter(transport, reason).increment();
	}

	private Counter closedCounter(String transport, CloseReason reason) {
		return this.closed.computeIfAbsent(transport, (t) -> new ConcurrentHashMap<>())
			.computeIfAbsent(reason, (r) -> Counter.builder(CONNECTIONS_CLOSED)
				.description("Connections closed, by reason")
				.tag("transport", transport)
				.tag("reason", r.tag())
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

	/** A transparent relay was closed because its backend was redirected. */
	public void relayDrained(String transport) {
		this.relaysDrained.computeIfAbsent(transport, (t) -> Counter.builder(RELAYS_DRAINED)
			.description("Transparent relays closed because their backend was redirected")
			.tag("transport", t)
			.register(this.registry)).increment();
	}

	/**
	 * A new KCP conversation was refused a place among the pending ones, or dropped before its
	 * source address was proven; {@code reason} is a tag of {@code KcpHandshakes}.
	 */
	public void kcpUnverifiedDropped(String reason) {
		this.kcpUnverified.computeIfAbsent(reason, (r) -> Counter.builder(KCP_UNVERIFIED)
			.description("KCP conversations refused or dropped before their source address was proven, by reason")
			.tag("reason", r)
			.register(this.registry)).increment();
	}

	/** A KCP conversation waits for its source address to be proven, until {@link #kcpUnverifiedEnded}. */
	public void kcpUnverifiedStarted() {
		// Registered on first use: a gate without KCP shows no KCP gauge.
		if (!this.kcpPendingRegistered.get() && this.kcpPendingRegistered.compareAndSet(false, true)) {
			Gauge.builder(KCP_UNVERIFIED_PENDING, this.kcpPending, AtomicInteger::get)
				.description("KCP conversations waiting for their source address to be proven")
				.register(this.registry);
		}
		this.kcpPending.incrementAndGet();
	}

	/** A KCP conversation counted by {@link #kcpUnverifiedStarted} was verified, refused or dropped. */
	public void kcpUnverifiedEnded() {
		this.kcpPending.decrementAndGet();
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

	/** The gate stopped reading from a connection for {@code reason}, one of the {@code PAUSE_} constants. */
	public void paused(String reason) {
		this.paused.computeIfAbsent(reason, (r) -> Counter.builder(READS_PAUSED)
			.description("Times the gate stopped reading from a connection, by reason")
			.tag("reason", r)
			.register(this.registry)).increment();
	}

	/** A packet went over a rate limit ({@code messages}, {@code bytes} or {@code route}); {@code action} is what followed. */
	public void rateLimited(String limit, String action) {
		this.rateLimited.computeIfAbsent(limit + "/" + action, (key) -> Counter.builder(RATE_LIMITED)
			.description("Packets over a connection's rate limit, by limit and action")
			.tag("limit", limit)
			.tag("action", action)
			.register(this.registry)).increment();
	}

	/** A data packet with {@code payloadBytes} came in from a client. */
	public void received(int payloadBytes) {
		this.received.increment();
		this.bytesReceived.increment(payloadBytes);
	}

	public void sent() {
		this.sent.increment();
	}

	/** A data packet with {@code payloadBytes} was handed to a client's connection. */
	public void sent(int payloadBytes) {
		this.sent.increment();
		this.bytesSent.increment(payloadBytes);
	}

	/** A new clock for one connection's requests, on the shared {@value #DISPATCH} timer. */
	public DispatchClock dispatchClock() {
		return new DispatchClock(this.dispatch);
	}

	/**
	 * Registers the outbound gauges over {@code source}: packets other threads queued for the
	 * event loops, and bytes written but not yet taken by the sockets.
	 */
	public <T> void outboundGauges(T source, ToDoubleFunction<T> queuedPackets, ToDoubleFunction<T> pendingBytes) {
		Gauge.builder(OUTBOUND_QUEUED, source, queuedPackets)
			.description("Packets for clients queued for their connections' event loops")
			.register(this.registry);
		Gauge.builder(OUTBOUND_PENDING, source, pendingBytes)
			.description("Bytes written to client connections that their sockets have not taken yet")
			.baseUnit("bytes")
			.register(this.registry);
	}

	/** Registers the gauge of the client addresses {@code source} tracks for the per-address limits. */
	public <T> void perIpGauge(T source, ToDoubleFunction<T> trackedAddresses) {
		Gauge.builder(PER_IP_ADDRESSES, source, trackedAddresses)
			.description("Client addresses the per-address connection limits hold state for (bounded)")
			.register(this.registry);
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
