package io.rally.node.internal.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The node's meters, or nothing when there is no {@link MeterRegistry}. Per-route meters are
 * created once, when the route table is built, so the hot path only records.
 */
final class NodeMetrics {

	static final String HANDLER_DURATION = "rally.node.handler.duration";

	static final String HANDLER_ERRORS = "rally.node.handler.errors";

	static final String MESSAGES_REJECTED = "rally.node.messages.rejected";

	static final String MESSAGES_QUEUED = "rally.node.messages.queued";

	private static final RouteMeters NONE = new RouteMeters(null, null);

	private final MeterRegistry registry;

	private final Counter rejected;

	NodeMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.rejected = (registry != null) ? Counter.builder(MESSAGES_REJECTED)
			.description("Client messages refused because the node's queue was full or the node was stopping")
			.register(registry) : null;
	}

	<T> void queueGauge(T source, ToDoubleFunction<T> size) {
		if (this.registry != null) {
			Gauge.builder(MESSAGES_QUEUED, source, size)
				.description("Client messages and session events queued or running on the node's workers")
				.register(this.registry);
		}
	}

	RouteMeters route(int route) {
		if (this.registry == null) {
			return NONE;
		}
		String tag = Integer.toString(route);
		// Routes are a fixed set the controllers declare, so a bounded histogram each stays cheap.
		Timer timer = Timer.builder(HANDLER_DURATION)
			.description("Time from the start of a handler call to its reply, including interceptors")
			.tag("route", tag)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(10_000))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
		Counter errors = Counter.builder(HANDLER_ERRORS)
			.description("Handler calls that ended with an exception")
			.tag("route", tag)
			.register(this.registry);
		return new RouteMeters(timer, errors);
	}

	void rejected() {
		if (this.rejected != null) {
			this.rejected.increment();
		}
	}

	record RouteMeters(Timer duration, Counter errors) {

		void record(long startNanos) {
			if (this.duration != null) {
				this.duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
			}
		}

		void error() {
			if (this.errors != null) {
				this.errors.increment();
			}
		}

	}

}
