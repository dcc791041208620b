package io.rally.cluster.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bindings one locator has seen, least recently used evicted first, known absences
 * included. Only trusted while the change channel is subscribed: {@link #reset(boolean)} clears
 * it whenever that begins or ends.
 *
 * <p>A value read from Redis may be overtaken by a change message that arrives before the read
 * completes; {@link #fill} then must not put the older value back. Every change to an entry bumps
 * a stamp in one of a fixed set of stripes (chosen by key), and a fill only lands if the stamp it
 * took before the read is unchanged. Thread-safe.
 */
final class LocatorCache {

	private static final int STRIPES = 256;

	private final int maxEntries;

	private final Map<Key, Optional<String>> entries;

	private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

	private boolean enabled;

	LocatorCache(int maxEntries) {
		this.maxEntries = maxEntries;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Key, Optional<String>> eldest) {
				return size() > LocatorCache.this.maxEntries;
			}

		};
	}

	/** The cached binding (empty if known to be absent), or {@code null} if unknown. */
	synchronized Optional<String> get(Key key) {
		return this.enabled ? this.entries.get(key) : null;
	}

	/** The stamp to pass to {@link #fill} for a read of {@code key} about to start. */
	long stamp(Key key) {
		return this.stamps.get(stripe(key));
	}

	/** Caches a value read from Redis, unless the key changed since {@code stamp} was taken. */
	synchronized void fill(Key key, long stamp, Optional<String> value) {
		if (this.enabled && this.stamps.get(stripe(key)) == stamp) {
			this.entries.put(key, value);
		}
	}

	/** Caches a value announced on the change channel. */
	synchronized void apply(Key key, Optional<String> value) {
		this.stamps.incrementAndGet(stripe(key));
		if (this.enabled) {
			this.entries.put(key, value);
		}
	}

	/** Forgets a key, whose value this instance just changed or failed to change. */
	synchronized void invalidate(Key key) {
		this.stamps.incrementAndGet(stripe(key));
		this.entries.remove(key);
	}

	/** Forgets everything and turns the cache on or off. */
	synchronized void reset(boolean enabled) {
		for (int i = 0; i < STRIPES; i++) {
			this.stamps.incrementAndGet(i);
		}
		this.entries.clear();
		this.enabled = enabled && this.maxEntries > 0;
	}

	synchronized boolean isEnabled() {
		return this.enabled;
	}

	synchronized int size() {
		return this.entries.size();
	}

	private static int stripe(Key key) {
		return (key.hashCode() & 0x7fffffff) % STRIPES;
	}

	/** A user's gate ({@code group == null}) or node of a group. */
	record Key(long userId, String group) {

		static Key gate(long userId) {
			return new Key(userId, null);
		}

		static Key node(long userId, String group) {
			return new Key(userId, group);
		}

	}

}
