package io.rally.gate.internal.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which replies the dispatch timer records: only those that answer a request handed to a node. */
class DispatchClockTest {

	private final GateMetrics metrics = new GateMetrics(new SimpleMeterRegistry());

	private final DispatchClock clock = this.metrics.dispatchClock();

	@Test
	void recordsTheReplyWithTheSeqOfADispatchedRequestOnce() {
		this.clock.dispatched(7);
		this.clock.replied(8);
		assertThat(timer().count()).isZero();
		this.clock.replied(7);
		this.clock.replied(7);
		assertThat(timer().count()).isEqualTo(1);
	}

	@Test
	void neverTimesNotifiesOrAbandonedRequests() {
		this.clock.replied(3);
		this.clock.dispatched(0);
		this.clock.replied(0);
		this.clock.dispatched(-5);
		this.clock.abandoned(-5);
		this.clock.replied(-5);
		assertThat(timer().count()).isZero();
	}

	@Test
	void aRequestWhoseSlotWasTakenIsNotTimedButTheNewerOneIs() {
		this.clock.dispatched(1);
		this.clock.dispatched(17);
		this.clock.replied(1);
		assertThat(timer().count()).isZero();
		this.clock.replied(17);
		assertThat(timer().count()).isEqualTo(1);
	}

	private Timer timer() {
		return this.metrics.registry().get(GateMetrics.DISPATCH).timer();
	}

}
