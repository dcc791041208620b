package io.rally.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	private static final BenchmarkOptions OPTIONS = BenchmarkOptions.parse("--duration", "10s", "--warmup", "2s");

	private final TargetResult echo = result(Report.ECHO, 1_200_000, 120_000.4, 2.5, new LoadRun.Counts(0, 0, 0, 0), 0);

	private final TargetResult rally = result(Report.RALLY, 540_000, 54_012.6, 4.25, new LoadRun.Counts(2, 3, 1, 5),
			4);

	@Test
	void comparisonLineHasRateP99AndRatio() {
		assertThat(Report.ratio(this.echo, this.rally)).isCloseTo(0.4501, org.assertj.core.data.Offset.offset(1e-4));
		assertThat(Report.comparison(this.echo, this.rally))
			.isEqualTo("Rally standalone: 54013 req/s, p99 4.250 ms = 0.45 × bare echo");
	}

	@Test
	void clusterLineNamesTheClusterAndLeavesOutTheRatioWithoutEcho() {
		TargetResult cluster = result(Report.CLUSTER, 300_000, 30_000.2, 7.5, LoadRun.Counts.NONE, 0);
		assertThat(Report.comparison(this.echo, cluster))
			.isEqualTo("Rally cluster: 30000 req/s, p99 7.500 ms = 0.25 × bare echo");
		assertThat(Report.comparison(null, cluster)).isEqualTo("Rally cluster: 30000 req/s, p99 7.500 ms");
	}

	@Test
	void ratioAgainstAnIdleEchoIsZeroNotInfinite() {
		TargetResult idle = result(Report.ECHO, 0, 0, 0, LoadRun.Counts.NONE, 100);
		assertThat(Report.ratio(idle, this.rally)).isZero();
	}

	@Test
	void errorsAddUpEverythingButLateResponses() {
		assertThat(this.rally.errors()).isEqualTo(2 + 3 + 1 + 4);
		assertThat(Report.text(this.rally)).contains("req/s      54013")
			.contains("p99 4.250")
			.contains("errors     10 (timeouts 2, error responses 3, disconnects 1, connect failures 4; late responses 5)");
	}

	@Test
	void jsonCarriesOptionsResultsRatioAndFailure() {
		String json = Report.json(OPTIONS, List.of(this.echo, this.rally), Map.of(Report.RALLY, "gate said \"no\""));
		assertThat(json).contains("\"durationSeconds\": 10.000")
			.contains("\"target\": \"bare echo\"")
			.contains("\"requestsPerSecond\": 54012.600")
			.contains("\"p99\": 4.250")
			.contains("\"errors\": 10")
			.contains("\"rallyToEchoRatio\": 0.450")
			.contains("\"rallyFailure\": \"gate said \\\"no\\\"\"")
			.doesNotContain("cluster");
	}

	@Test
	void jsonCarriesTheClusterRatioAndFailureUnderTheirOwnKeys() {
		TargetResult cluster = result(Report.CLUSTER, 300_000, 30_000.1, 7.5, LoadRun.Counts.NONE, 0);
		assertThat(Report.json(OPTIONS, List.of(this.echo, this.rally, cluster), Map.of()))
			.contains("\"target\": \"rally cluster\"")
			.contains("\"rallyToEchoRatio\": 0.450")
			.contains("\"clusterToEchoRatio\": 0.250");
		assertThat(Report.json(OPTIONS, List.of(this.echo), Map.of(Report.CLUSTER, "no redis-server")))
			.contains("\"clusterFailure\": \"no redis-server\"")
			.doesNotContain("ToEchoRatio")
			.doesNotContain("rallyFailure");
	}

	@Test
	void jsonWithoutRallyHasNoRatio() {
		assertThat(Report.json(OPTIONS, List.of(this.echo), Map.of())).doesNotContain("rallyToEchoRatio")
			.doesNotContain("rallyFailure");
	}

	private static TargetResult result(String target, long requests, double rate, double p99, LoadRun.Counts counts,
			long connectFailures) {
		return new TargetResult(target, "tcp", 100, 256, 10.0, requests, rate, 0.5, 1.0, p99, p99 * 2, p99 * 3,
				counts, connectFailures);
	}

}
