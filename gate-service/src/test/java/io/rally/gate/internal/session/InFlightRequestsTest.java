package io.rally.gate.internal.session;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The account of one connection's requests in flight, with time given by the test. */
class InFlightRequestsTest {

	private final InFlightRequests inFlight = new InFlightRequests(2, 1_000);

	@Test
	void aFullWindowHasRoomAgainWhenARequestIsAnswered() {
		AtomicInteger told = new AtomicInteger();
		this.inFlight.sent(7, 0);
		this.inFlight.sent(8, 0);
		assertThat(this.inFlight.hasRoom(10)).isFalse();
		this.inFlight.whenRoom(told::incrementAndGet);
		this.inFlight.answered(99);
		assertThat(told).hasValue(0);
		this.inFlight.answered(7);
		assertThat(told).hasValue(1);
		assertThat(this.inFlight.hasRoom(10)).isTrue();
		this.inFlight.answered(8);
		assertThat(told).hasValue(1);
		assertThat(this.inFlight.count()).isZero();
	}

	@Test
	void anUnansweredRequestStopsCountingAfterTheTimeout() {
		this.inFlight.sent(1, 0);
		this.inFlight.sent(2, 500);
		assertThat(this.inFlight.nextExpiry()).isEqualTo(1_000);
		assertThat(this.inFlight.hasRoom(999)).isFalse();
		assertThat(this.inFlight.hasRoom(1_000)).isTrue();
		assertThat(this.inFlight.count()).isEqualTo(1);
		assertThat(this.inFlight.nextExpiry()).isEqualTo(1_500);
	}

	@Test
	void aRequestSentWithoutRoomTakesTheOldestSlot() {
		this.inFlight.sent(1, 0);
		this.inFlight.sent(2, 100);
		this.inFlight.sent(3, 200);
		assertThat(this.inFlight.count()).isEqualTo(2);
		this.inFlight.answered(1);
		assertThat(this.inFlight.count()).isEqualTo(2);
		this.inFlight.answered(2);
		this.inFlight.answered(3);
		assertThat(this.inFlight.count()).isZero();
	}

	@Test
	void limitsAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRequests(0, 1))
			.withMessageContaining("maxInFlight: 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRequests(1, 0))
			.withMessageContaining("inFlightTimeout");
	}

}
