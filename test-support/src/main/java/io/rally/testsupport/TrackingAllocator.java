package io.rally.testsupport;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * A buffer allocator for codec and fuzz tests that keeps every buffer it hands out and the
 * largest capacity it was asked for, so that a test can check what a decoder allocated.
 *
 * <p>Give it to a channel ({@code channel.config().setAllocator(...)}) and it sees every buffer
 * the pipeline allocates: new buffers, and the growth of existing ones (Netty sizes both through
 * {@link #calculateNewCapacity}). {@link #assertAllReleased()} then fails if any of them still
 * holds a reference, exactly and at once, unlike Netty's sampled, garbage-collection-driven leak
 * detector (which also sees these buffers). Unpooled, so that a buffer released is gone. Not
 * thread-safe: for one channel on one thread, such as an {@code EmbeddedChannel}.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

	private final List<ByteBuf> handedOut = new ArrayList<>();

	private int largestRequest;

	private boolean counting = true;

	public TrackingAllocator() {
		super(false);
	}

	/**
	 * The largest capacity asked for since this allocator was made: of a new buffer, or of a
	 * buffer that grows. Buffers made by {@link #input} do not count.
	 */
	public int largestRequest() {
		return this.largestRequest;
	}

	/**
	 * A tracked copy of {@code bytes[offset, offset + length)} for a test to feed a channel,
	 * which does not count as a request. Its reader index is {@code headroom}, so that a decoder
	 * that reads from index 0 instead of the reader index gets it wrong.
	 */
	public ByteBuf input(byte[] bytes, int offset, int length, int headroom) {
		this.counting = false;
		try {
			ByteBuf buf = heapBuffer(headroom + length);
			buf.writeZero(headroom).writeBytes(bytes, offset, length).skipBytes(headroom);
			return buf;
		}
		finally {
			this.counting = true;
		}
	}

	/**
	 * Fails, naming how many, if a buffer from this allocator is still referenced; releases
	 * those, so that Netty's leak detector does not report them a second time, and forgets
	 * every buffer handed out so far.
	 */
	public void assertAllReleased() {
		int leaked = 0;
		StringBuilder sizes = new StringBuilder();
		for (ByteBuf buf : this.handedOut) {
			int refCnt = buf.refCnt();
			if (refCnt > 0) {
				leaked++;
				if (leaked <= 10) {
					sizes.append(leaked == 1 ? "" : ", ").append(buf.capacity()).append(" bytes (refCnt ").append(refCnt)
						.append(')');
				}
				buf.release(refCnt);
			}
		}
		int total = this.handedOut.size();
		this.handedOut.clear();
		if (leaked > 0) {
			throw new AssertionError(leaked + " of " + total + " buffers were not released: " + sizes);
		}
	}

	/** The capacity Netty gives a buffer that must hold {@code bytes}, without recording it. */
	public static int roundedCapacity(int bytes) {
		return ByteBufAllocator.DEFAULT.calculateNewCapacity(bytes, Integer.MAX_VALUE);
	}

	@Override
	public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
		int capacity = super.calculateNewCapacity(minNewCapacity, maxCapacity);
		record(capacity);
		return capacity;
	}

	@Override
	protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
		return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
	}

	@Override
	protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
		return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
	}

	@Override
	public boolean isDirectBufferPooled() {
		return false;
	}

	private ByteBuf track(ByteBuf buf, int initialCapacity) {
		record(initialCapacity);
		this.handedOut.add(buf);
		return toLeakAwareBuffer(buf);
	}

	private void record(int capacity) {
		if (this.counting && capacity > this.largestRequest) {
			this.largestRequest = capacity;
		}
	}

}
