package io.rally.benchmark;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.rally.benchmark.BenchmarkOptions.Target;
import io.rally.benchmark.BenchmarkOptions.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTest {

	@Test
	void defaultsWithoutArguments() {
		BenchmarkOptions options = BenchmarkOptions.parse();
		assertThat(options.target()).isEqualTo(Target.BOTH);
		assertThat(options.transport()).isEqualTo(Transport.TCP);
		assertThat(options.connections()).isEqualTo(100);
		assertThat(options.payload()).isEqualTo(256);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.route()).isEqualTo(1);
		assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.ioThreads()).isPositive();
		assertThat(options.json()).isNull();
		assertThat(options.rallyProperties()).isEmpty();
		assertThat(options.jvmArgs()).isEmpty();
		assertThat(options.gateJvmArgs()).isEmpty();
		assertThat(options.nodeJvmArgs()).isEmpty();
	}

	@Test
	void everyOptionIsRead() {
		BenchmarkOptions options = BenchmarkOptions.parse("--target", "echo", "--transport", "WS", "--connections",
				"8", "--payload", "0", "--duration", "1500ms", "--warmup", "0", "--route", "7", "--timeout", "1m",
				"--io-threads", "3", "--ws-path", "/ws", "--json", "out.json", "--rally-property", "a.b=c",
				"--rally-property", "d=e=f");
		assertThat(options.target()).isEqualTo(Target.ECHO);
		assertThat(options.transport()).isEqualTo(Transport.WS);
		assertThat(options.connections()).isEqualTo(8);
		assertThat(options.payload()).isZero();
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(1500));
		assertThat(options.warmup()).isZero();
		assertThat(options.route()).isEqualTo(7);
		assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(1));
		assertThat(options.ioThreads()).isEqualTo(3);
		assertThat(options.wsPath()).isEqualTo("/ws");
		assertThat(options.json()).isEqualTo(Path.of("out.json"));
		assertThat(options.rallyProperties()).containsExactly("a.b=c", "d=e=f");
	}

	@Test
	void kcpIsMeasuredAgainstATcpBaselineAndNotInTheCluster() {
		BenchmarkOptions options = BenchmarkOptions.parse("--transport", "kcp");
		assertThat(options.transport()).isEqualTo(Transport.KCP);
		assertThat(options.transport().baseline()).isEqualTo(Transport.TCP);
		assertThat(Transport.WS.baseline()).isEqualTo(Transport.WS);
		assertThat(options.withTransport(Transport.TCP).transport()).isEqualTo(Transport.TCP);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse("--transport", "kcp", "--target", "all"))
			.withMessageContaining("transport: kcp");
	}

	@Test
	void clusterTargetAndJvmArgsAreRead() {
		BenchmarkOptions options = BenchmarkOptions.parse("--target", "cluster", "--jvm-arg", "-Xmx2g", "--gate-jvm-arg",
				"-XX:StartFlightRecording=duration=30s,filename=target/gate.jfr", "--jvm-arg", "-XX:+UseParallelGC",
				"--node-jvm-arg", "-Dx=y");
		assertThat(options.target()).isEqualTo(Target.CLUSTER);
		assertThat(options.jvmArgs()).containsExactly("-Xmx2g", "-XX:+UseParallelGC");
		assertThat(options.gateJvmArgs()).containsExactly("-XX:StartFlightRecording=duration=30s,filename=target/gate.jfr");
		assertThat(options.nodeJvmArgs()).containsExactly("-Dx=y");
		assertThat(BenchmarkOptions.parse("--target", "ALL").target()).isEqualTo(Target.ALL);
	}

	@Test
	void tlsIsAFlagWithoutValue() {
		assertThat(BenchmarkOptions.parse().tls()).isFalse();
		BenchmarkOptions options = BenchmarkOptions.parse("--connections", "20", "--tls", "--transport", "ws");
		assertThat(options.tls()).isTrue();
		assertThat(options.connections()).isEqualTo(20);
		assertThat(options.transport()).isEqualTo(Transport.WS);
		assertThat(BenchmarkOptions.parse("--tls").tls()).isTrue();
		assertThat(BenchmarkOptions.usage()).contains("--tls");
	}

	@Test
	void tlsTurnsOnTlsForTheMeasuredTransportOfTheRallyApps() {
		BenchmarkOptions options = BenchmarkOptions.parse("--tls", "--transport", "ws");
		assertThat(RallyServer.properties(options)).contains("rally.gate.tls.enabled=true", "rally.gate.tls.transports=ws")
			.anySatisfy((property) -> assertThat(property).startsWith("rally.gate.tls.certificate="));
		assertThat(RallyServer.properties(BenchmarkOptions.parse())).noneMatch((p) -> p.startsWith("rally.gate.tls"));
	}

	@Test
	void targetsSayWhatTheyRun() {
		assertThat(Target.BOTH.includesEcho()).isTrue();
		assertThat(Target.BOTH.includesRally()).isTrue();
		assertThat(Target.ECHO.includesRally()).isFalse();
		assertThat(Target.RALLY.includesEcho()).isFalse();
		assertThat(Target.BOTH.includesCluster()).isFalse();
		assertThat(Target.CLUSTER.includesCluster()).isTrue();
		assertThat(Target.CLUSTER.includesEcho()).isFalse();
		assertThat(Target.CLUSTER.includesRally()).isFalse();
		assertThat(Target.ALL.includesEcho()).isTrue();
		assertThat(Target.ALL.includesRally()).isTrue();
		assertThat(Target.ALL.includesCluster()).isTrue();
		assertThat(Target.ECHO.includesCluster()).isFalse();
		assertThat(Target.RALLY.includesCluster()).isFalse();
	}

	@Test
	void durationsTakeUnits() {
		assertThat(OptionValues.parseDuration("--d", "250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(OptionValues.parseDuration("--d", "20s")).isEqualTo(Duration.ofSeconds(20));
		assertThat(OptionValues.parseDuration("--d", "2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(OptionValues.parseDuration("--d", "12")).isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void badInputIsRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--target", "nginx"))
			.withMessage("--target: nginx (expected: rally, echo, both, cluster, all, abuse)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--jvm-arg", "Xmx2g"))
			.withMessage("--jvm-arg: Xmx2g (expected: a JVM option such as -Xmx2g)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--gate-jvm-arg", "-"))
			.withMessageStartingWith("--gate-jvm-arg: - ");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--node-jvm-arg"))
			.withMessage("--node-jvm-arg: missing value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--connections", "0"))
			.withMessage("connections: 0 (expected: > 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--payload", "lots"))
			.withMessage("--payload: lots (expected: an integer)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--duration", "soon"))
			.withMessageStartingWith("--duration: soon");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--duration", "0s"))
			.withMessageStartingWith("duration: PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--route", "40000"))
			.withMessageStartingWith("route: 40000");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--rally-property", "x"))
			.withMessageStartingWith("--rally-property: x");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--json"))
			.withMessage("--json: missing value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--threads", "2"))
			.withMessage("--threads: unknown option");
	}

	@Test
	void abuseTargetHasItsOwnDefaultsForClientsAndTimeout() {
		BenchmarkOptions abuse = BenchmarkOptions.parse("--target", "abuse");
		assertThat(abuse.connections()).isEqualTo(50);
		assertThat(abuse.timeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(abuse.kcpEnabled()).isTrue();
		assertThat(BenchmarkOptions.parse("--target", "abuse", "--good", "20", "--timeout", "2s").connections())
			.isEqualTo(20);
		assertThat(BenchmarkOptions.parse("--good", "20", "--target", "abuse", "--timeout", "2s").timeout())
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(BenchmarkOptions.parse().kcpEnabled()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--target", "abuse", "--tls"))
			.withMessageStartingWith("tls with target abuse");
	}

	@Test
	void usageShowsTheDefaultsParseUses() {
		assertThat(BenchmarkOptions.usage()).contains("(default both)", "(default tcp)", "(default 100)",
				"(default 256)", "(default 30s)", "(default 5s)", "(default /)", "run with -Xmx1g", "--jvm-arg",
				"--gate-jvm-arg", "--node-jvm-arg", "cluster", "--target abuse", "--kcp-flood-rate N");
	}

}
