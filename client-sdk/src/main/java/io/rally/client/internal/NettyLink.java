package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.rally.client.CloseEvent;
import io.rally.client.ConnectionClosedException;
import io.rally.protocol.Frame;

/**
 * A {@link Link} over a Netty channel. Writes from any thread; the flush-consolidation handler
 * turns a burst of them into few flushes.
 */
final class NettyLink implements Link {

	private final Channel channel;

	NettyLink(Channel channel) {
		this.channel = channel;
	}

	@Override
	public boolean isOpen() {
		return this.channel.isActive();
	}

	@Override
	public void write(Frame frame) {
		this.channel.writeAndFlush(frame, this.channel.voidPromise());
	}

	@Override
	public CompletableFuture<Void> send(Frame frame) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		this.channel.writeAndFlush(frame).addListener((f) -> {
			if (f.isSuccess()) {
				written.complete(null);
			}
			else {
				written.completeExceptionally(new ConnectionClosedException("write failed", f.cause()));
			}
		});
		return written;
	}

	@Override
	public void execute(Runnable task) {
		this.channel.eventLoop().execute(task);
	}

	@Override
	public Future<?> schedule(Runnable task, long delayNanos) {
		return this.channel.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void close() {
		this.channel.attr(ClientPipeline.CLOSE_REASON).setIfAbsent(CloseEvent.Reason.CLOSED_BY_CLIENT);
		this.channel.close();
	}

	@Override
	public String toString() {
		return "NettyLink" + this.channel;
	}

}
