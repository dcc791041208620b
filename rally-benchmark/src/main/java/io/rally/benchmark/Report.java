package io.rally.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns results into the text report and the JSON file. Pure functions of their inputs.
 */
final class Report {

	static final String ECHO = "bare echo";

	static final String RALLY = "rally";

	static final String CLUSTER = "rally cluster";

	/** The Rally targets, each compared with the bare echo server, in the order they run. */
	static final List<String> RALLY_TARGETS = List.of(RALLY, CLUSTER);

	private Report() {
	}

	static String text(TargetResult result) {
		LoadRun.Counts counts = result.counts();
		return String.format(Locale.ROOT, """
				== %s (%s, %d connections, %d B payload, %.1f s measured)
				  requests   %d
				  req/s      %.0f
				  latency ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f
				  errors     %d (timeouts %d, error responses %d, disconnects %d, connect failures %d; late responses %d)
				""", result.target(), result.transport(), result.connections(), result.payloadBytes(),
				result.seconds(), result.requests(), result.requestsPerSecond(), result.p50Ms(), result.p90Ms(),
				result.p99Ms(), result.p999Ms(), result.maxMs(), result.errors(), counts.timeouts(),
				counts.errorResponses(), counts.disconnects(), result.connectFailures(), counts.lateResponses());
	}

	/** A Rally target's throughput as a multiple of the bare echo server's, e.g. {@code 0.45}. */
	static double ratio(TargetResult echo, TargetResult rally) {
		return (echo.requestsPerSecond() > 0) ? rally.requestsPerSecond() / echo.requestsPerSecond() : 0;
	}

	/** How the report names a Rally target, e.g. {@code Rally cluster}. */
	static String label(String target) {
		return target.equals(CLUSTER) ? "Rally cluster" : "Rally standalone";
	}

	/** The summary line of a Rally target; the ratio to the bare echo server's rate if that ran. */
	static String comparison(TargetResult echo, TargetResult rally) {
		String line = String.format(Locale.ROOT, "%s: %.0f req/s, p99 %.3f ms", label(rally.target()),
				rally.requestsPerSecond(), rally.p99Ms());
		return (echo != null) ? line + String.format(Locale.ROOT, " = %.2f × bare echo", ratio(echo, rally)) : line;
	}

	/** The JSON key of a ratio or failure of a Rally target, e.g. {@code clusterFailure}. */
	private static String key(String target, String suffix) {
		return (target.equals(CLUSTER) ? "cluster" : "rally") + suffix;
	}

	/**
	 * The run as JSON: its options, one object per target, each Rally target's ratio to the bare
	 * echo server when both ran, and why a Rally target did not run if it failed.
	 * @param failures the failure message of each target that failed, by target name
	 */
	static String json(BenchmarkOptions options, List<TargetResult> results, Map<String, String> failures) {
		StringBuilder json = new StringBuilder(1024);
		json.append("{\n  \"options\": ").append(optionsJson(options)).append(",\n  \"results\": [");
		for (int i = 0; i < results.size(); i++) {
			json.append((i == 0) ? "\n    " : ",\n    ").append(json(results.get(i)));
		}
		json.append("\n  ]");
		TargetResult echo = find(results, ECHO);
		for (String target : RALLY_TARGETS) {
			TargetResult rally = find(results, target);
			if (echo != null && rally != null) {
				json.append(",\n  \"").append(key(target, "ToEchoRatio")).append("\": ").append(number(ratio(echo, rally)));
			}
			if (failures.containsKey(target)) {
				json.append(",\n  \"").append(key(target, "Failure")).append("\": ").append(quote(failures.get(target)));
			}
		}
		return json.append("\n}\n").toString();
	}

	/** The options every target shares, as a JSON object. */
	static String optionsJson(BenchmarkOptions options) {
		return new StringBuilder(512).append("{\"target\": ").append(quote(OptionValues.id(options.target())))
			.append(", \"transport\": ").append(quote(options.transport().id()))
			.append(", \"tls\": ").append(options.tls())
			.append(", \"connections\": ").append(options.connections())
			.append(", \"payloadBytes\": ").append(options.payload())
			.append(", \"durationSeconds\": ").append(number(options.duration().toMillis() / 1000.0))
			.append(", \"warmupSeconds\": ").append(number(options.warmup().toMillis() / 1000.0))
			.append(", \"route\": ").append(options.route())
			.append(", \"timeoutSeconds\": ").append(number(options.timeout().toMillis() / 1000.0))
			.append(", \"ioThreads\": ").append(options.ioThreads())
			.append(", \"availableProcessors\": ").append(Runtime.getRuntime().availableProcessors())
			.append('}')
			.toString();
	}

	static TargetResult find(List<TargetResult> results, String target) {
		return results.stream().filter((result) -> result.target().equals(target)).findFirst().orElse(null);
	}

	static String json(TargetResult result) {
		LoadRun.Counts counts = result.counts();
		return "{\"target\": " + quote(result.target()) + ", \"transport\": " + quote(result.transport())
				+ ", \"connections\": " + result.connections() + ", \"payloadBytes\": " + result.payloadBytes()
				+ ", \"seconds\": " + number(result.seconds()) + ", \"requests\": " + result.requests()
				+ ", \"requestsPerSecond\": " + number(result.requestsPerSecond()) + ", \"latencyMs\": {\"p50\": "
				+ number(result.p50Ms()) + ", \"p90\": " + number(result.p90Ms()) + ", \"p99\": "
				+ number(result.p99Ms()) + ", \"p99.9\": " + number(result.p999Ms()) + ", \"max\": "
				+ number(result.maxMs()) + "}, \"errors\": " + result.errors() + ", \"timeouts\": "
				+ counts.timeouts() + ", \"errorResponses\": " + counts.errorResponses() + ", \"disconnects\": "
				+ counts.disconnects() + ", \"connectFailures\": " + result.connectFailures()
				+ ", \"lateResponses\": " + counts.lateResponses() + "}";
	}

	static String number(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
