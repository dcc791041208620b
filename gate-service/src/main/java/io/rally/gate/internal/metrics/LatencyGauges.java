package io.rally.gate.internal.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.internal.health.EwmaLatencyTracker;

import org.springframework.context.SmartLifecycle;

/**
 * One gauge per backend the {@link LatencyTracker} follows (nodes, transparent backends):
 * {@value #LATENCY} with the backend's smoothed round trip and {@value #SCORE} with its health
 * score, tagged by backend id. Backends come and go with the cluster, so {@link #refresh()},
 * run once per interval while the gate runs, adds the gauges of new backends and removes those
 * of forgotten ones. The tag values are instance ids and allowed addresses that clients name,
 * so they are capped too: at most {@code maxBackends} backends have gauges (those the tracker
 * lists first), whatever tracker the application supplies.
 */
public final class LatencyGauges implements SmartLifecycle {

	/** The smoothed round trip of a backend, in seconds. */
	public static final String LATENCY = "rally.gate.backend.latency";

	/** The health score of a backend, between 0 and 1. */
	public static final String SCORE = "rally.gate.backend.score";

	private final MeterRegistry registry;

	private final LatencyTracker tracker;

	private final Duration interval;

	private final int maxBackends;

	private final Map<String, Gauge[]> gauges = new ConcurrentHashMap<>();

	private ScheduledExecutorService timer;

	/**
	 * Gauges for at most {@value EwmaLatencyTracker#DEFAULT_MAX_BACKENDS} backends.
	 * @param interval how often the set of gauges follows the tracker's backends
	 */
	public LatencyGauges(MeterRegistry registry, LatencyTracker tracker, Duration interval) {
		this(registry, tracker, interval, EwmaLatencyTracker.DEFAULT_MAX_BACKENDS);
	}

	/**
	 * @param interval how often the set of gauges follows the tracker's backends
	 * @param maxBackends the most backends with gauges, at least 1
	 */
	public LatencyGauges(MeterRegistry registry, LatencyTracker tracker, Duration interval, int maxBackends) {
		if (maxBackends < 1) {
			throw new IllegalArgumentException("maxBackends: " + maxBackends + " (expected: > 0)");
		}
		this.registry = registry;
		this.tracker = tracker;
		this.interval = interval;
		this.maxBackends = maxBackends;
	}

	@Override
	public synchronized void start() {
		if (this.timer != null) {
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "rally-gate-latency-gauges");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::refresh, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.timer != null;
	}

	/** Brings the gauges in line with the backends the tracker knows now; thread-safe. */
	public synchronized void refresh() {
		Set<String> known = this.tracker.latencies().keySet();
		// Gone ones first, so that their room goes to new ones.
		this.gauges.keySet().removeIf((backend) -> {
			if (known.contains(backend)) {
				return false;
			}
			for (Gauge gauge : this.gauges.get(backend)) {
				this.registry.remove(gauge);
			}
			return true;
		});
		for (String backend : known) {
			if (this.gauges.size() >= this.maxBackends) {
				break;
			}
			this.gauges.computeIfAbsent(backend, this::register);
		}
	}

	/** How many backends have gauges now. */
	public int size() {
		return this.gauges.size();
	}

	private Gauge[] register(String backend) {
		LatencyTracker tracker = this.tracker;
		Gauge latency = Gauge.builder(LATENCY, tracker, (t) -> seconds(t.latency(backend).orElse(null)))
			.description("Smoothed round trip from this gate to a backend (node pings, transparent dials)")
			.baseUnit("seconds")
			.tag("backend", backend)
			.register(this.registry);
		Gauge score = Gauge.builder(SCORE, tracker, (t) -> t.score(backend))
			.description("Health score of a backend, 1 / (1 + 1.5 x delay in s) by default")
			.tag("backend", backend)
			.register(this.registry);
		return new Gauge[] { latency, score };
	}

	private static double seconds(Duration duration) {
		return (duration != null) ? duration.toNanos() / 1e9 : Double.NaN;
	}

}
