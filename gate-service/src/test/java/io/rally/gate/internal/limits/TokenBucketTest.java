package io.rally.gate.internal.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The token bucket with time given by the test, in nanoseconds. */
class TokenBucketTest {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void aFullBucketTakesItsBurstAtOnceThenItsRate() {
		TokenBucket bucket = new TokenBucket(10, 3, 0);
		assertThat(bucket.take(1, 0)).isZero();
		assertThat(bucket.take(1, 0)).isZero();
		assertThat(bucket.take(1, 0)).isZero();
		assertThat(bucket.take(1, 0)).isEqualTo(SECOND / 10);
		assertThat(bucket.take(1, SECOND / 10)).isEqualTo(SECOND / 10);
		assertThat(bucket.take(1, SECOND)).isZero();
	}

	@Test
	void aQuietSenderSavesUpNoMoreThanTheBurst() {
		TokenBucket bucket = new TokenBucket(100, 50, 0);
		bucket.take(50, 0);
		assertThat(bucket.take(1, 3600 * SECOND)).isZero();
		assertThat(bucket.tokens()).isEqualTo(49.0);
	}

	@Test
	void aLargeTakeLeavesADebtToWaitFor() {
		TokenBucket bucket = new TokenBucket(1000, 1000, 0);
		assertThat(bucket.take(3000, 0)).isEqualTo(2 * SECOND);
		assertThat(bucket.take(0, SECOND)).isEqualTo(SECOND);
	}

	@Test
	void settingsAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(0, 1, 0)).withMessageContaining("perSecond");
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(1, 0.5, 0)).withMessageContaining("burst");
	}

}
