package io.rally.benchmark;

import org.HdrHistogram.Histogram;

/**
 * What one target's measured interval came to. Latencies are round trips in milliseconds.
 *
 * @param target the target's name
 * @param transport the transport the connections used, with "+tls" when they spoke TLS
 * @param connections the connections asked for
 * @param payloadBytes payload bytes per request
 * @param seconds the measured time, warm-up excluded
 * @param requests round trips completed in that time
 * @param requestsPerSecond {@code requests / seconds}
 * @param p50Ms median round trip
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs the slowest round trip
 * @param counts the error counters of the measured time
 * @param connectFailures connections that never became ready
 */
record TargetResult(String target, String transport, int connections, int payloadBytes, double seconds,
		long requests, double requestsPerSecond, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
		double maxMs, LoadRun.Counts counts, long connectFailures) {

	private static final double NANOS_PER_MS = 1_000_000.0;

	static TargetResult of(String target, BenchmarkOptions options, Histogram latencies, double seconds,
			LoadRun.Counts counts, long connectFailures) {
		long requests = latencies.getTotalCount();
		// The echo baseline never speaks TLS, so that it shows what TLS costs the Rally targets.
		String transport = options.transport().id() + ((options.tls() && !Report.ECHO.equals(target)) ? "+tls" : "");
		return new TargetResult(target, transport, options.connections(), options.payload(), seconds,
				requests, (seconds > 0) ? requests / seconds : 0, percentile(latencies, 50.0),
				percentile(latencies, 90.0), percentile(latencies, 99.0), percentile(latencies, 99.9),
				(requests > 0) ? latencies.getMaxValue() / NANOS_PER_MS : 0, counts, connectFailures);
	}

	private static double percentile(Histogram latencies, double percentile) {
		return (latencies.getTotalCount() > 0) ? latencies.getValueAtPercentile(percentile) / NANOS_PER_MS : 0;
	}

	/** Timeouts, error responses, lost connections and failed connects; late responses are not errors. */
	long errors() {
		return this.counts.timeouts() + this.counts.errorResponses() + this.counts.disconnects()
				+ this.connectFailures;
	}

}
