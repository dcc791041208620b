package io.rally.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbuseReportTest {

	private static final BenchmarkOptions OPTIONS = BenchmarkOptions.parse("--target", "abuse", "--duration", "10s");

	private static final AbuseResult.LoopsBusy LOOPS = new AbuseResult.LoopsBusy(0.25, 0.125, 0.9, -1);

	private final TargetResult quiet = phase(AbuseBenchmark.QUIET, 20_000, 2.0, LoadRun.Counts.NONE);

	private final AbuseTraffic.Counts abusers = new AbuseTraffic.Counts(
			new Flooders.Counts(1_000_000, 400_000, 3, 2, 0, 10), new SlowlorisConnections.Counts(1000, 0, 0, 1000),
			new KcpFlood.Counts(200_000, 0, 5_800_000, 10_000, 290_000));

	@Test
	void aRunThatKeepsItsClientsWholePassesEveryCriterion() {
		TargetResult abused = phase(AbuseBenchmark.ABUSED, 16_000, 4.0, new LoadRun.Counts(0, 0, 0, 0));
		assertThat(AbuseReport.verdict(this.quiet, abused)).allMatch(AbuseReport.Verdict::pass);
	}

	@Test
	void lostRequestsSlowdownAndLatencyEachFailTheirOwnCriterion() {
		TargetResult abused = phase(AbuseBenchmark.ABUSED, 15_999, 4.1, new LoadRun.Counts(6, 1, 1, 4));
		List<AbuseReport.Verdict> verdict = AbuseReport.verdict(this.quiet, abused);
		assertThat(verdict).noneMatch(AbuseReport.Verdict::pass);
		assertThat(verdict.get(0).detail())
			.isEqualTo("8 lost: 6 timeouts, 1 error responses, 1 disconnects; 4 late answers");
		assertThat(verdict.get(1).detail()).isEqualTo("80.0 %: 15999 of 20000 req/s");
		assertThat(verdict.get(2).line()).contains("FAIL").contains("4.100 ms = 2.05 x 2.000 ms");
	}

	@Test
	void textAndJsonShowBothPhasesTheAbusersAndTheVerdict() {
		TargetResult abused = phase(AbuseBenchmark.ABUSED, 10_000, 3.0, new LoadRun.Counts(6, 0, 0, 2));
		AbuseResult result = new AbuseResult("Rally standalone", this.quiet, abused, this.abusers,
				new GateCounters(Map.of("rally_gate_connections{transport=\"kcp\"}", 5000.0)), null, LOOPS);
		assertThat(AbuseReport.text(OPTIONS, result)).contains("== quiet", "== under abuse",
				"400,000 answered (40,000/s)", "1000 still open at the end", "200,000 datagrams sent (20,000/s",
				"(0.05 x the bytes sent)", "rally_gate_connections{transport=\"kcp\"} 5,000", "FAIL", "PASS",
				"good clients 25 % of a core quiet, 13 % under abuse", "flooders 90 %", "KCP flood n/a");
		String json = AbuseReport.json(OPTIONS, result);
		assertThat(json).contains("\"target\": \"abuse\"", "\"quiet\": {\"target\": \"quiet\"",
				"\"underAbuse\": {\"target\": \"under abuse\"", "\"flooders\": {\"sent\": 1000000, \"answers\": 400000",
				"\"slowloris\": {\"connected\": 1000", "\"kcpFlood\": {\"sent\": 200000", "\"loopsBusy\": {\"goodQuiet\": 0.25, \"goodAbused\": 0.125",
				"\"rally_gate_connections{transport=\\\"kcp\\\"}\": 5000.000",
				"{\"criterion\": \"good clients lose 0 requests\", \"pass\": false");
		AbuseResult unread = new AbuseResult("Rally cluster", this.quiet, abused, this.abusers, null, "refused",
				LOOPS);
		assertThat(AbuseReport.text(OPTIONS, unread)).contains("not read: refused");
		assertThat(AbuseReport.json(OPTIONS, unread)).contains("\"gateCountersProblem\": \"refused\"");
	}

	private static TargetResult phase(String target, double rate, double p99, LoadRun.Counts counts) {
		return new TargetResult(target, "tcp", 50, 256, 10.0, (long) (rate * 10), rate, 0.5, 1.0, p99, p99 * 2,
				p99 * 3, counts, 0);
	}

}
