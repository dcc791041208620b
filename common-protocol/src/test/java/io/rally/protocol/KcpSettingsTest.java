package io.rally.protocol;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KcpSettingsTest {

	@Test
	void defaultsAreTunedForGames() {
		KcpSettings settings = KcpSettings.DEFAULTS;
		assertThat(settings).isEqualTo(new KcpSettings(true, Duration.ofMillis(10), 2, false, 128, 128, 1400));
		assertThat(settings.maxSegmentPayload()).isEqualTo(1400 - 24);
	}

	@Test
	void rejectsAnIntervalKcpCannotRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> withInterval(Duration.ofMillis(9)))
			.withMessage("interval: PT0.009S (expected: 10 ms to 5 s, the range KCP supports)");
		assertThatIllegalArgumentException().isThrownBy(() -> withInterval(Duration.ofMillis(5001)))
			.withMessageStartingWith("interval: PT5.001S");
		assertThatIllegalArgumentException().isThrownBy(() -> withInterval(null))
			.withMessageStartingWith("interval: null");
	}

	@Test
	void rejectsBadCountsWithMessages() {
		Duration interval = Duration.ofMillis(10);
		assertThatIllegalArgumentException().isThrownBy(() -> new KcpSettings(true, interval, -1, false, 1, 1, 50))
			.withMessage("fastResend: -1 (expected: >= 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> new KcpSettings(true, interval, 0, false, 0, 1, 50))
			.withMessage("sendWindow: 0 (expected: > 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> new KcpSettings(true, interval, 0, false, 1, 0, 50))
			.withMessage("receiveWindow: 0 (expected: > 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> new KcpSettings(true, interval, 0, false, 1, 1, 49))
			.withMessage("mtu: 49 (expected: 50 to 65000)");
		assertThatIllegalArgumentException().isThrownBy(() -> new KcpSettings(true, interval, 0, false, 1, 1, 65001))
			.withMessage("mtu: 65001 (expected: 50 to 65000)");
	}

	private static KcpSettings withInterval(Duration interval) {
		return new KcpSettings(true, interval, 2, false, 128, 128, 1400);
	}

}
