package io.rally.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * Turns an abuse run into its text report and JSON: both phases of the good clients, what the
 * abusers got, what the gate counted, and the verdict against the goal. The benchmark asserts
 * nothing; the verdict only says which criterion a run met. Pure functions of their inputs.
 */
final class AbuseReport {

	/** The goal: under abuse the good clients keep this share of their quiet throughput, at least. */
	static final double MIN_THROUGHPUT_SHARE = 0.8;

	/** ... and their p99 grows by this factor, at most. */
	static final double MAX_P99_FACTOR = 2.0;

	private AbuseReport() {
	}

	/**
	 * One criterion of the goal and how the run did.
	 * @param criterion what is asked
	 * @param pass whether the run met it
	 * @param detail the figures it was judged on
	 */
	record Verdict(String criterion, boolean pass, String detail) {

		String line() {
			return String.format(Locale.ROOT, "  %-36s %s  (%s)", this.criterion, this.pass ? "PASS" : "FAIL",
					this.detail);
		}

	}

	/** Requests of the good clients that got no answer in time, an error, or lost their connection. */
	static long lost(TargetResult phase) {
		LoadRun.Counts counts = phase.counts();
		return counts.timeouts() + counts.errorResponses() + counts.disconnects();
	}

	static List<Verdict> verdict(TargetResult quiet, TargetResult abused) {
		LoadRun.Counts counts = abused.counts();
		long lost = lost(abused);
		double share = (quiet.requestsPerSecond() > 0) ? abused.requestsPerSecond() / quiet.requestsPerSecond() : 0;
		double factor = (quiet.p99Ms() > 0) ? abused.p99Ms() / quiet.p99Ms() : Double.POSITIVE_INFINITY;
		return List.of(
				new Verdict("good clients lose 0 requests", lost == 0, String.format(Locale.ROOT,
						"%d lost: %d timeouts, %d error responses, %d disconnects; %d late answers", lost,
						counts.timeouts(), counts.errorResponses(), counts.disconnects(), counts.lateResponses())),
				new Verdict("throughput >= 80 % of quiet", share >= MIN_THROUGHPUT_SHARE,
						String.format(Locale.ROOT, "%.1f %%: %.0f of %.0f req/s", 100 * share,
								abused.requestsPerSecond(), quiet.requestsPerSecond())),
				new Verdict("p99 <= 2 x quiet p99", factor <= MAX_P99_FACTOR, String.format(Locale.ROOT,
						"%.3f ms = %.2f x %.3f ms", abused.p99Ms(), factor, quiet.p99Ms())));
	}

	static String text(BenchmarkOptions options, AbuseResult result) {
		AbuseOptions abuse = options.abuse();
		AbuseTraffic.Counts counts = result.abusers();
		double seconds = result.abused().seconds();
		StringBuilder text = new StringBuilder(2048);
		text.append(String.format(Locale.ROOT, "== abuse of %s: %d good clients (%s), then beside %d flooders "
				+ "(reading: %s), %d slowloris (%s) and a KCP flood of %,d %s segments/s from %d addresses%n",
				result.server(), options.connections(), options.transport().id(), abuse.flooders(),
				OptionValues.id(abuse.flooderReading()), abuse.slowloris(), slowlorisMode(abuse),
				abuse.kcpFloodRate(), OptionValues.id(abuse.kcpCommand()), abuse.kcpSources()));
		text.append(Report.text(result.quiet())).append(Report.text(result.abused()));
		Flooders.Counts flood = counts.flood();
		text.append(String.format(Locale.ROOT,
				"flooders   %,d requests sent, %,d answered (%,.0f/s), %,d error answers; %d closed by the gate, "
						+ "%d failed connects, %d open at the end%n",
				flood.sent(), flood.answers(), flood.answers() / seconds, flood.errorAnswers(), flood.closedByGate(),
				flood.connectFailures(), flood.open()));
		SlowlorisConnections.Counts slow = counts.slowloris();
		text.append(String.format(Locale.ROOT,
				"slowloris  %d of %d accepted, %d refused or failed, %d closed by the gate, %d still open at the end%n",
				slow.connected(), abuse.slowloris(), slow.connectFailures(), slow.closedByGate(), slow.open()));
		KcpFlood.Counts kcp = counts.kcp();
		text.append(String.format(Locale.ROOT,
				"KCP flood  %,d datagrams sent (%,.0f/s, %,d bytes; %,d skipped: socket full); the gate sent %,d "
						+ "datagrams, %,d bytes, to the spoofed addresses (%.2f x the bytes sent)%n",
				kcp.sent(), kcp.sent() / seconds, kcp.sentBytes(), kcp.skipped(), kcp.answers(), kcp.answerBytes(),
				(kcp.sentBytes() > 0) ? kcp.answerBytes() / (double) kcp.sentBytes() : 0));
		AbuseResult.LoopsBusy loops = result.loops();
		text.append(String.format(Locale.ROOT,
				"own loops  good clients %s of a core quiet, %s under abuse (%d loop%s); flooders %s; "
						+ "slowloris and KCP flood %s%n",
				busy(loops.goodQuiet()), busy(loops.goodAbused()), options.ioThreads(),
				(options.ioThreads() == 1) ? "" : "s", busy(loops.flooders()),
				busy(loops.spoofers())));
		text.append("gate counters under abuse (counters: increase; rally_gate_connections: open at the end; "
				+ "kernel_*: the whole host):\n");
		text.append((result.gate() != null) ? result.gate().text("  ") : "  not read: " + result.gateProblem() + "\n");
		text.append("verdict (goal on 2 cores with K=10, S=1000: 0 lost, >= 80 % throughput, p99 <= 2 x quiet):\n");
		verdict(result.quiet(), result.abused()).forEach((verdict) -> text.append(verdict.line()).append('\n'));
		return text.toString();
	}

	private static String busy(double cores) {
		return (cores < 0) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * cores);
	}

	private static String slowlorisMode(AbuseOptions abuse) {
		return (abuse.slowlorisMode() == AbuseOptions.SlowlorisMode.IDLE) ? "idle"
				: "a byte every " + OptionValues.format(abuse.slowlorisInterval());
	}

	static String json(BenchmarkOptions options, AbuseResult result) {
		AbuseOptions abuse = options.abuse();
		AbuseTraffic.Counts counts = result.abusers();
		StringBuilder json = new StringBuilder(2048);
		json.append("{\n  \"options\": ").append(Report.optionsJson(options))
			.append(",\n  \"abuse\": {\"server\": ").append(Report.quote(result.server()))
			.append(", \"flooders\": ").append(abuse.flooders())
			.append(", \"flooderReading\": ").append(Report.quote(OptionValues.id(abuse.flooderReading())))
			.append(", \"slowloris\": ").append(abuse.slowloris())
			.append(", \"slowlorisMode\": ").append(Report.quote(OptionValues.id(abuse.slowlorisMode())))
			.append(", \"slowlorisIntervalSeconds\": ").append(Report.number(abuse.slowlorisInterval().toMillis() / 1000.0))
			.append(", \"kcpFloodRate\": ").append(abuse.kcpFloodRate())
			.append(", \"kcpSources\": ").append(abuse.kcpSources())
			.append(", \"kcpCommand\": ").append(Report.quote(OptionValues.id(abuse.kcpCommand())))
			.append(", \"tcpSources\": ").append(abuse.tcpSources())
			.append(", \"abuseThreads\": ").append(abuse.threads()).append('}')
			.append(",\n  \"quiet\": ").append(Report.json(result.quiet()))
			.append(",\n  \"underAbuse\": ").append(Report.json(result.abused()))
			.append(",\n  \"flooders\": ").append(jsonObject(counts.flood().toString()))
			.append(",\n  \"slowloris\": ").append(jsonObject(counts.slowloris().toString()))
			.append(",\n  \"kcpFlood\": ").append(jsonObject(counts.kcp().toString()))
			.append(",\n  \"loopsBusy\": ").append(jsonObject(result.loops().toString()))
			.append(",\n  \"gateCounters\": {");
		if (result.gate() != null) {
			String separator = "";
			for (var sample : result.gate().samples().entrySet()) {
				json.append(separator).append("\n    ").append(Report.quote(sample.getKey())).append(": ")
					.append(Report.number(sample.getValue()));
				separator = ",";
			}
		}
		json.append("\n  }");
		if (result.gate() == null) {
			json.append(",\n  \"gateCountersProblem\": ").append(Report.quote(String.valueOf(result.gateProblem())));
		}
		json.append(",\n  \"verdict\": [");
		String separator = "";
		for (Verdict verdict : verdict(result.quiet(), result.abused())) {
			json.append(separator).append("\n    {\"criterion\": ").append(Report.quote(verdict.criterion()))
				.append(", \"pass\": ").append(verdict.pass()).append(", \"detail\": ")
				.append(Report.quote(verdict.detail())).append('}');
			separator = ",";
		}
		return json.append("\n  ]\n}\n").toString();
	}

	/**
	 * A record of numbers as a JSON object, from its {@code toString()}:
	 * {@code Counts[sent=3, open=1]} becomes {@code {"sent": 3, "open": 1}}.
	 */
	static String jsonObject(String record) {
		String fields = record.substring(record.indexOf('[') + 1, record.lastIndexOf(']'));
		StringBuilder json = new StringBuilder("{");
		for (String field : fields.split(", ")) {
			int equals = field.indexOf('=');
			json.append((json.length() > 1) ? ", " : "").append(Report.quote(field.substring(0, equals)))
				.append(": ").append(field.substring(equals + 1));
		}
		return json.append('}').toString();
	}

}
