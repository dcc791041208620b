package io.rally.gate.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the gate's meters; a meter that does not exist yet reads 0. */
public final class Meters {

	private Meters() {
	}

	/** The sum of all counters named {@code name} that carry the given tags. */
	public static double count(MeterRegistry registry, String name, String... tags) {
		return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	public static double gauge(MeterRegistry registry, String name, String... tags) {
		Gauge gauge = registry.find(name).tags(tags).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

}
