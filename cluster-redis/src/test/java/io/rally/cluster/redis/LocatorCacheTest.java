package io.rally.cluster.redis;

import java.util.Optional;

import io.rally.cluster.redis.LocatorCache.Key;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocatorCacheTest {

	private final LocatorCache cache = new LocatorCache(3);

	@Test
	void isUnusedUntilEnabled() {
		this.cache.fill(Key.gate(1), this.cache.stamp(Key.gate(1)), Optional.of("g1"));
		this.cache.apply(Key.gate(2), Optional.of("g2"));
		assertThat(this.cache.get(Key.gate(1))).isNull();
		assertThat(this.cache.get(Key.gate(2))).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void keepsValuesAndKnownAbsences() {
		this.cache.reset(true);
		this.cache.fill(Key.gate(1), this.cache.stamp(Key.gate(1)), Optional.of("g1"));
		this.cache.apply(Key.node(1, "game"), Optional.empty());
		assertThat(this.cache.get(Key.gate(1))).contains("g1");
		assertThat(this.cache.get(Key.node(1, "game"))).isEmpty();
		assertThat(this.cache.get(Key.node(1, "chat"))).isNull();
	}

	@Test
	void evictsTheLeastRecentlyUsed() {
		this.cache.reset(true);
		this.cache.apply(Key.gate(1), Optional.of("g"));
		this.cache.apply(Key.gate(2), Optional.of("g"));
		this.cache.apply(Key.gate(3), Optional.of("g"));
		this.cache.get(Key.gate(1));
		this.cache.apply(Key.gate(4), Optional.of("g"));
		assertThat(this.cache.size()).isEqualTo(3);
		assertThat(this.cache.get(Key.gate(2))).isNull();
		assertThat(this.cache.get(Key.gate(1))).contains("g");
	}

	@Test
	void aReadOvertakenByAChangeIsNotCached() {
		this.cache.reset(true);
		long stamp = this.cache.stamp(Key.gate(1));
		this.cache.apply(Key.gate(1), Optional.empty());
		this.cache.invalidate(Key.gate(1));
		this.cache.fill(Key.gate(1), stamp, Optional.of("stale"));
		assertThat(this.cache.get(Key.gate(1))).isNull();
	}

	@Test
	void aReadOvertakenByAResetIsNotCached() {
		this.cache.reset(true);
		long stamp = this.cache.stamp(Key.gate(1));
		this.cache.reset(false);
		this.cache.reset(true);
		this.cache.fill(Key.gate(1), stamp, Optional.of("stale"));
		assertThat(this.cache.get(Key.gate(1))).isNull();
	}

	@Test
	void resetForgetsEverything() {
		this.cache.reset(true);
		this.cache.apply(Key.gate(1), Optional.of("g1"));
		this.cache.reset(true);
		assertThat(this.cache.get(Key.gate(1))).isNull();
		assertThat(this.cache.isEnabled()).isTrue();
	}

	@Test
	void sizeZeroIsNeverEnabled() {
		LocatorCache off = new LocatorCache(0);
		off.reset(true);
		off.apply(Key.gate(1), Optional.of("g1"));
		assertThat(off.isEnabled()).isFalse();
		assertThat(off.get(Key.gate(1))).isNull();
	}

}
