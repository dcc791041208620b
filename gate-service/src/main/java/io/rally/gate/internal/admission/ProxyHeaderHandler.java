package io.rally.gate.internal.admission;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Behind the PROXY protocol decoder on a connection from a trusted proxy: takes the header,
 * records the client address it names ({@link ClientAddress}), then puts the rest of the
 * pipeline behind itself (TLS, admission, the transport), passes on the {@code channelActive}
 * it held back, and removes itself. Until then the connection is not admitted: it takes no
 * slot, and if the header is malformed or does not come in time it is closed and counted as
 * refused for {@link CloseReason#PROXY_PROTOCOL}. A proxy that connects and leaves without a
 * byte (a health check) is not counted. A {@code LOCAL} header (the proxy's own connection) or
 * one for an unknown protocol leaves the proxy's address as the client's. One instance per
 * channel.
 */
public final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(ProxyHeaderHandler.class);

	private static final IntervalLog refusals = new IntervalLog(logger);

	private final ChannelHandler rest;

	private final long timeoutNanos;

	private final GateMetrics metrics;

	private final String transport;

	private ScheduledFuture<?> deadline;

	private boolean activeHeld;

	private boolean done;

	/**
	 * @param rest the initializer of the rest of the pipeline, added once the header is in
	 * @param timeout how long the proxy has to send the header
	 * @param transport the metric tag of the connection's transport
	 */
	public ProxyHeaderHandler(ChannelHandler rest, Duration timeout, GateMetrics metrics, String transport) {
		this.rest = rest;
		this.timeoutNanos = timeout.toNanos();
		this.metrics = metrics;
		this.transport = transport;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.deadline = ctx.executor()
			.schedule(() -> refuse(ctx, "no PROXY header within " + Duration.ofNanos(this.timeoutNanos)),
					this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		// Held back: nothing behind this handler yet. Passed on once the rest is in place.
		this.activeHeld = true;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.done || !(msg instanceof HAProxyMessage header)) {
			ReferenceCountUtil.release(msg);
			return;
		}
		InetSocketAddress client;
		try {
			client = clientOf(header);
		}
		finally {
			header.release();
		}
		this.done = true;
		cancel();
		if (client != null) {
			ClientAddress.setProxied(ctx.channel(), client);
		}
		ctx.pipeline().addLast(this.rest);
		if (this.activeHeld && ctx.channel().isActive()) {
			ctx.fireChannelActive();
		}
		// Bytes that came in behind the header follow once the decoder removes itself.
		ctx.pipeline().remove(this);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.done) {
			ctx.fireExceptionCaught(cause);
			return;
		}
		Throwable root = (cause.getCause() != null) ? cause.getCause() : cause;
		refuse(ctx, "a malformed PROXY header (" + root.getMessage() + ")");
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void refuse(ChannelHandlerContext ctx, String why) {
		if (this.done) {
			return;
		}
		this.done = true;
		cancel();
		this.metrics.connectionRejected(this.transport, CloseReason.PROXY_PROTOCOL);
		CloseReason.PROXY_PROTOCOL.close(ctx.channel());
		refusals.warn("Closed a " + this.transport + " connection from trusted proxy " + ctx.channel().remoteAddress()
				+ ": " + why + "; is the load balancer set to send the PROXY protocol?");
	}

	private void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

	/** The client a header names; {@code null} when it names none (LOCAL, or not TCP over IP). */
	static InetSocketAddress clientOf(HAProxyMessage header) {
		if (header.command() != HAProxyCommand.PROXY) {
			return null;
		}
		switch (header.proxiedProtocol()) {
			case TCP4, TCP6 -> {
				byte[] ip = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
				if (ip == null) {
					return null;
				}
				try {
					return new InetSocketAddress(ClientAddress.unmapped(InetAddress.getByAddress(ip)),
							header.sourcePort());
				}
				catch (UnknownHostException ex) {
					return null;
				}
			}
			default -> {
				return null;
			}
		}
	}

}
