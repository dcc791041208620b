package io.rally.benchmark;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rally.benchmark.AbuseOptions.FlooderReading;
import io.rally.benchmark.AbuseOptions.KcpCommand;
import io.rally.benchmark.AbuseOptions.SlowlorisMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AbuseOptionsTest {

	@Test
	void defaultsAreTheGoalsFigures() {
		AbuseOptions abuse = BenchmarkOptions.parse("--target", "abuse").abuse();
		assertThat(abuse.flooders()).isEqualTo(10);
		assertThat(abuse.flooderReading()).isEqualTo(FlooderReading.DISCARD);
		assertThat(abuse.slowloris()).isEqualTo(1000);
		assertThat(abuse.slowlorisMode()).isEqualTo(SlowlorisMode.TRICKLE);
		assertThat(abuse.slowlorisInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(abuse.kcpFloodRate()).isEqualTo(20_000);
		assertThat(abuse.kcpSources()).isEqualTo(256);
		assertThat(abuse.kcpCommand()).isEqualTo(KcpCommand.PUSH);
		assertThat(abuse.tcpSources()).isEqualTo(1);
		assertThat(abuse.threads()).isEqualTo(1);
		assertThat(abuse.cluster()).isFalse();
	}

	@Test
	void everyAbuseOptionIsReadBesideTheOthers() {
		BenchmarkOptions options = BenchmarkOptions.parse("--target", "abuse", "--good", "7", "--flooders", "3",
				"--flooder-reading", "never", "--slowloris", "0", "--slowloris-mode", "IDLE", "--abuse-cluster",
				"--slowloris-interval", "500ms", "--kcp-flood-rate", "0", "--kcp-sources", "1000", "--kcp-command",
				"wask", "--tcp-sources", "4", "--abuse-threads", "2", "--duration", "3s");
		AbuseOptions abuse = options.abuse();
		assertThat(options.connections()).isEqualTo(7);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(3));
		assertThat(abuse).isEqualTo(new AbuseOptions(3, FlooderReading.NEVER, 0, SlowlorisMode.IDLE,
				Duration.ofMillis(500), 0, 1000, KcpCommand.WASK, 4, 2, true));
	}

	@Test
	void badAbuseValuesAreRejectedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--flooders", "-1"))
			.withMessage("flooders: -1 (expected: >= 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--kcp-command", "ack"))
			.withMessage("--kcp-command: ack (expected: push, wask)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--kcp-sources", "70000"))
			.withMessage("kcp-sources: 70000 (expected: 1 to 65024)");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--slowloris-interval", "0s"))
			.withMessageStartingWith("slowloris-interval: PT0S");
	}

	@Test
	void sourcesSpreadAcrossLoopbackAndNeverShareAnAddress() {
		AbuseOptions abuse = BenchmarkOptions.parse("--kcp-sources", "65024", "--tcp-sources", "300").abuse();
		Set<String> kcp = new HashSet<>();
		for (int i = 0; i < abuse.kcpSources(); i++) {
			InetSocketAddress source = abuse.kcpSource(i);
			assertThat(source.getAddress().isLoopbackAddress()).isTrue();
			assertThat(source.getPort()).isZero();
			kcp.add(source.getAddress().getHostAddress());
		}
		assertThat(kcp).hasSize(65024).doesNotContain("127.0.0.1");
		assertThat(abuse.kcpSource(0).getAddress().getHostAddress()).isEqualTo("127.1.0.1");
		assertThat(abuse.kcpSource(255).getAddress().getHostAddress()).isEqualTo("127.2.1.1");
		assertThat(abuse.tcpSource(0).getAddress().getHostAddress()).isEqualTo("127.1.0.2");
		assertThat(abuse.tcpSource(300)).isEqualTo(abuse.tcpSource(0));
		assertThat(abuse.tcpSource(299).getAddress().getHostAddress()).isNotIn(kcp);
	}

}
