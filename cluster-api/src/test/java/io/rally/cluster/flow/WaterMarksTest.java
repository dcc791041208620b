package io.rally.cluster.flow;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Readiness with hysteresis: not ready from the high mark, waiters released at the low one. */
class WaterMarksTest {

	private final AtomicInteger size = new AtomicInteger();

	private final WaterMarks marks = new WaterMarks(10, 4, this.size::get);

	@Test
	void waitersAreReleasedAtTheLowMarkNotBelowTheHighOne() {
		AtomicInteger released = new AtomicInteger();
		this.size.set(10);
		assertThat(this.marks.isReady()).isFalse();
		this.marks.whenReady(released::incrementAndGet);
		this.marks.whenReady(released::incrementAndGet);
		assertThat(this.marks.waiting()).isEqualTo(2);

		this.marks.drained(this.size.decrementAndGet());
		assertThat(this.marks.isReady()).isTrue();
		assertThat(released).hasValue(0);

		this.size.set(4);
		this.marks.drained(4);
		assertThat(released).hasValue(2);
		assertThat(this.marks.waiting()).isZero();
	}

	@Test
	void aReadyQueueRunsTheTaskAtOnce() {
		AtomicInteger released = new AtomicInteger();
		this.size.set(9);
		this.marks.whenReady(released::incrementAndGet);
		assertThat(released).hasValue(1);
	}

	@Test
	void aQueueThatDrainedBeforeTheWaiterWasAddedStillReleasesIt() {
		AtomicInteger released = new AtomicInteger();
		WaterMarks racing = new WaterMarks(10, 4, new java.util.function.IntSupplier() {
			private int calls;

			@Override
			public int getAsInt() {
				// Full at the first look, drained by the look after the waiter was added.
				return (this.calls++ == 0) ? 10 : 0;
			}
		});
		racing.whenReady(released::incrementAndGet);
		assertThat(released).hasValue(1);
	}

	@Test
	void releaseEmptiesTheWaitersWhateverTheSize() {
		AtomicInteger released = new AtomicInteger();
		this.size.set(100);
		this.marks.whenReady(released::incrementAndGet);
		this.marks.release();
		assertThat(released).hasValue(1);
	}

	@Test
	void marksAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WaterMarks(0, 0, this.size::get));
		assertThatIllegalArgumentException().isThrownBy(() -> new WaterMarks(5, 5, this.size::get))
			.withMessageContaining("low: 5");
	}

}
