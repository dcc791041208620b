package io.rally.gate.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the gate's latency measurements and of the {@code least-latency} dispatch
 * strategy, under {@code rally.gate.latency}.
 */
@ConfigurationProperties("rally.gate.latency")
public class GateLatencyProperties {

	/** Whether the gate pings its nodes to measure their round-trip latency. */
	private boolean enabled = true;

	/** How often each node is pinged. */
	private Duration interval = Duration.ofSeconds(2);

	/** How long a ping may go unanswered; a ping that fails or times out counts as taking this long. */
	private Duration timeout = Duration.ofSeconds(2);

	/** The share of a new measurement in a node's smoothed latency (an EWMA), above 0 and at most 1. */
	private double ewmaWeight = 0.3;

	/** Health scores this close to the best (a fraction of it) count as equal for least-latency, which then spreads packets over them at random. */
	private double tieTolerance = 0.05;

	/** The most backends whose latency is tracked and shown as gauges (transparent backends are named by clients); the least recently measured are forgotten first. */
	private int maxBackends = 1024;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public double getEwmaWeight() {
		return this.ewmaWeight;
	}

	public void setEwmaWeight(double ewmaWeight) {
		this.ewmaWeight = ewmaWeight;
	}

	public double getTieTolerance() {
		return this.tieTolerance;
	}

	public void setTieTolerance(double tieTolerance) {
		this.tieTolerance = tieTolerance;
	}

	public int getMaxBackends() {
		return this.maxBackends;
	}

	public void setMaxBackends(int maxBackends) {
		this.maxBackends = maxBackends;
	}

}
