package io.rally.gate.internal.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import io.rally.gate.internal.GatePipeline;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes the client's {@link BackendRequest}, has it resolved, dials the backend (with
 * retries), and once connected answers the client with the success message and hands the
 * channel over to a {@link RelayPump} on each side, spliced where {@link Splicing} allows.
 * The client is not read while the backend is dialled; what it sent behind its request is
 * held (up to a limit) and written to the backend first. One instance per channel; replaced
 * by the pump.
 */
final class BackendConnector extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(BackendConnector.class);

	private final RelaySettings settings;

	private final String transport;

	private final int maxEarlyBytes;

	private final Queue<ByteBuf> early = new ArrayDeque<>();

	private int earlyBytes;

	private boolean requested;

	private boolean inputShut;

	private Channel dialling;

	BackendConnector(RelaySettings settings, String transport, int maxEarlyBytes) {
		this.settings = settings;
		this.transport = transport;
		this.maxEarlyBytes = maxEarlyBytes;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof BackendRequest request) {
			onRequest(ctx, request);
		}
		else if (msg instanceof ByteBuf buf && this.requested) {
			hold(ctx, buf);
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	private void onRequest(ChannelHandlerContext ctx, BackendRequest request) {
		if (this.requested) {
			return;
		}
		this.requested = true;
		if (ctx.pipeline().get(GatePipeline.RELAY_HANDSHAKE_TIMEOUT) != null) {
			ctx.pipeline().remove(GatePipeline.RELAY_HANDSHAKE_TIMEOUT);
		}
		Backend backend;
		try {
			backend = resolve(request.text());
		}
		catch (RelayRefusedException ex) {
			this.settings.refusals().refuse(ctx.channel(), this.transport, ex);
			return;
		}
		ctx.channel().config().setAutoRead(false);
		BackendDialer.resolve(ctx.channel().eventLoop(), backend).addListener((resolved) -> {
			if (resolved.isSuccess()) {
				dial(ctx, backend, (InetSocketAddress) resolved.getNow(), 0);
			}
			else {
				unreachable(ctx, backend, 0, resolved.cause());
			}
		});
	}

	/** The backend the client asked for, or the one it is redirected to, which must be allowed too. */
	private Backend resolve(String request) throws RelayRefusedException {
		Backend requested = this.settings.resolver().resolve(request);
		String target = this.settings.redirects().targetOf(requested);
		return (target != null) ? this.settings.resolver().allowed(target) : requested;
	}

	private void hold(ChannelHandlerContext ctx, ByteBuf buf) {
		this.earlyBytes += buf.readableBytes();
		this.early.add(buf);
		if (this.earlyBytes > this.maxEarlyBytes) {
			this.settings.refusals().refuse(ctx.channel(), this.transport, new RelayRefusedException(
					RelayRefusal.TOO_EARLY, this.earlyBytes + " bytes sent before the backend answered (expected: at most "
							+ this.maxEarlyBytes + ")"));
		}
	}

	private void dial(ChannelHandlerContext ctx, Backend backend, InetSocketAddress address, int attempt) {
		if (!ctx.channel().isActive()) {
			return;
		}
		long start = System.nanoTime();
		ChannelFuture connect = BackendDialer.connect(ctx.channel(), address, this.settings.dialTimeout());
		this.dialling = connect.channel();
		connect.addListener((done) -> {
			if (!ctx.channel().isActive() || ctx.isRemoved()) {
				connect.channel().close();
			}
			else if (done.isSuccess()) {
				this.settings.latency().connected(backend, Duration.ofNanos(System.nanoTime() - start));
				relay(ctx, backend, connect.channel());
			}
			else if (attempt < this.settings.dialRetries()) {
				long backoff = this.settings.dialBackoff().toNanos() << Math.min(attempt, 16);
				ctx.executor().schedule(() -> dial(ctx, backend, address, attempt + 1), backoff, TimeUnit.NANOSECONDS);
			}
			else {
				unreachable(ctx, backend, attempt + 1, done.cause());
			}
		});
	}

	private void unreachable(ChannelHandlerContext ctx, Backend backend, int attempts, Throwable cause) {
		this.settings.latency().unreachable(backend, cause);
		this.settings.refusals().refuse(ctx.channel(), this.transport, new RelayRefusedException(
				RelayRefusal.DIAL_FAILED, "could not reach " + backend + " (" + attempts + " connect attempts): " + cause));
	}

	private void relay(ChannelHandlerContext ctx, Backend target, Channel backend) {
		Channel client = ctx.channel();
		this.dialling = null;
		RelayPump backendPump = new RelayPump(client);
		RelayPump clientPump = new RelayPump(backend);
		backend.pipeline().addLast(GatePipeline.RELAY_PUMP, backendPump);
		byte[] success = this.settings.successMessage();
		if (success.length > 0) {
			client.write(Unpooled.wrappedBuffer(success), client.voidPromise());
		}
		ByteBuf buf;
		while ((buf = this.early.poll()) != null) {
			backend.write(buf, backend.voidPromise());
		}
		this.earlyBytes = 0;
		client.flush();
		backend.flush();
		ctx.pipeline().replace(this, GatePipeline.RELAY_PUMP, clientPump);
		if (this.inputShut) {
			RelayPump.endPeerOutput(backend);
		}
		boolean spliced = this.settings.splice() && Splicing.start(client, clientPump, backend, backendPump);
		this.settings.metrics().relayStarted(this.transport, spliced);
		if (!spliced) {
			client.config().setAutoRead(true);
			backend.config().setAutoRead(true);
		}
		OpenRelays.Relay relay = this.settings.openRelays().add(target, client, backend, this.transport);
		if (this.settings.redirects().targetOf(target) != null) {
			// Redirected while this relay was dialled, after the drain looked for relays.
			this.settings.openRelays().drain(relay);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof ChannelInputShutdownEvent) {
			if (this.requested) {
				// The client sent its request and all it had: relay that, then pass the end on.
				this.inputShut = true;
			}
			else {
				ctx.close();
			}
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.dialling != null) {
			this.dialling.close();
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing transparent client " + ctx.channel() + " before its relay started: " + cause);
		}
		ctx.close();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		ByteBuf buf;
		while ((buf = this.early.poll()) != null) {
			buf.release();
		}
	}

}
