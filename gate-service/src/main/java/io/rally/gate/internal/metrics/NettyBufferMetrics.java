package io.rally.gate.internal.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * The memory of the buffer allocator the gate's connections use, Netty's default one (adaptive
 * in Netty 4.2, pooled if {@code io.netty.allocator.type=pooled}): Micrometer's
 * {@code netty.allocator.*} gauges, heap and direct bytes in use and, for a pooled allocator, its
 * arenas and caches. An allocator that keeps no statistics is left out.
 */
public final class NettyBufferMetrics implements MeterBinder {

	private final ByteBufAllocator allocator;

	public NettyBufferMetrics() {
		this(ByteBufAllocator.DEFAULT);
	}

	public NettyBufferMetrics(ByteBufAllocator allocator) {
		this.allocator = allocator;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.allocator instanceof ByteBufAllocatorMetricProvider provider) {
			new NettyAllocatorMetrics(provider).bindTo(registry);
		}
	}

}
