package io.rally.testsupport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran.
 *
 * <p>Netty notices a leak only when a leaked buffer has been garbage-collected and a later
 * allocation polls the detector's reference queue. After each test class this extension
 * therefore collects garbage and allocates a few tracked buffers before it reads what the
 * {@link RecordingLeakDetector} recorded. Registered for every test through JUnit's
 * extension auto-detection (see {@code junit-platform.properties} in this module).
 */
public final class LeakCheckExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		for (int round = 0; round < 3; round++) {
			System.gc();
			System.runFinalization();
			pollDetector();
		}
		List<String> leaks = RecordingLeakDetector.drain();
		if (!leaks.isEmpty()) {
			throw new AssertionError("Netty reported " + leaks.size() + " buffer leak(s) in "
					+ context.getDisplayName() + ":\n" + String.join("\n", leaks));
		}
	}

	private static void pollDetector() {
		ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
		pooled.release();
		ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
		heap.release();
		ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
		unpooled.release();
	}
}
