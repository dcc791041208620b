package io.rally.gate.internal.health;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.gate.api.health.LatencyTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Measures the round trip to every registered node once per interval with
 * {@link NodeEndpoint#ping()} and records it in a {@link LatencyTracker}, under the node's
 * instance id: over the gRPC link in cluster mode, in no time in standalone mode.
 *
 * <p>A node gets one ping at a time: while one is unanswered, the node is skipped. A ping
 * that fails, or is not answered within the timeout, is recorded as taking the timeout, so
 * that a node that stops answering loses its score instead of keeping the last good one.
 * Nodes that leave the registry are forgotten; nodes in SHUT are not probed.
 */
public final class NodeLatencyProbe implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(NodeLatencyProbe.class);

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	private final LatencyTracker tracker;

	private final Duration interval;

	private final Duration timeout;

	private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

	private final Set<String> recorded = ConcurrentHashMap.newKeySet();

	private ScheduledExecutorService timer;

	/**
	 * @param interval how often each node is pinged, greater than 0
	 * @param timeout how long a ping may take before it counts as failed, greater than 0
	 */
	public NodeLatencyProbe(InstanceRegistry registry, ClusterTransport transport, LatencyTracker tracker,
			Duration interval, Duration timeout) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
		}
		this.registry = registry;
		this.transport = transport;
		this.tracker = tracker;
		this.interval = interval;
		this.timeout = timeout;
	}

	@Override
	public synchronized void start() {
		if (this.timer != null) {
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "rally-gate-latency");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::probeAll, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.timer == null) {
			return;
		}
		this.timer.shutdownNow();
		try {
			// A round only sends pings, so it ends quickly; once stop returns no more are sent.
			this.timer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.timer = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.timer != null;
	}

	/** Pings every registered node that has no ping unanswered; runs on the probe's thread. */
	void probeAll() {
		try {
			Set<String> present = new HashSet<>();
			for (InstanceInfo node : this.registry.instances(InstanceKind.NODE)) {
				present.add(node.id());
				if (node.state() != InstanceState.SHUT && this.unanswered.add(node.id())) {
					probe(node);
				}
			}
			// An answer that comes in after its node left records it again: the next run forgets it.
			for (String id : this.recorded) {
				if (!present.contains(id)) {
					this.recorded.remove(id);
					this.tracker.forget(id);
				}
			}
		}
		catch (RuntimeException ex) {
			// Keep the schedule: a failed run would end it.
			logger.warn("Could not probe the nodes' latency: " + ex);
		}
	}

	private void probe(InstanceInfo node) {
		long start = System.nanoTime();
		CompletableFuture<Void> ping;
		try {
			ping = this.transport.node(node).ping();
		}
		catch (RuntimeException ex) {
			ping = CompletableFuture.failedFuture(ex);
		}
		// A copy, so that the timeout fails only this probe's view of a future the node may share.
		ping.copy().orTimeout(this.timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ignored, failure) -> {
			long elapsed = System.nanoTime() - start;
			if (failure != null) {
				if (logger.isDebugEnabled()) {
					logger.debug("Ping of node '" + node.id() + "' failed: " + failure);
				}
				elapsed = Math.max(elapsed, this.timeout.toNanos());
			}
			this.tracker.record(node.id(), Duration.ofNanos(elapsed));
			this.recorded.add(node.id());
			this.unanswered.remove(node.id());
		});
	}

}
