package io.rally.gate.internal.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Zero-copy relaying with Linux {@code splice(2)}: bytes move from one socket to the other
 * through a kernel pipe and never enter the JVM. Only possible when
 * <ul>
 * <li>both channels are native epoll stream channels on the same event loop (the dialer
 * ensures the second), and</li>
 * <li>nothing in either pipeline but the {@link RelayPump} looks at the bytes: a TLS
 * handler or WebSocket codec needs them in the JVM.</li>
 * </ul>
 * Netty's splice paces itself (it stops reading the source until the pipe is written out),
 * so the pumps leave reading alone; they still see half-closes and closes. A failed splice
 * closes both sides once their pending writes are out.
 */
final class Splicing {

	private static final Log logger = LogFactory.getLog(Splicing.class);

	private static final int DRAIN_CHUNK = 65536;

	private Splicing() {
	}

	/**
	 * Starts splicing both ways if the channels allow it.
	 * @return whether splicing started; if not, the caller relays through the pumps
	 */
	static boolean start(Channel client, RelayPump clientPump, Channel backend, RelayPump backendPump) {
		if (!(client instanceof AbstractEpollStreamChannel from) || !(backend instanceof AbstractEpollStreamChannel to)
				|| client.eventLoop() != backend.eventLoop() || !onlyPumps(client) || !onlyPumps(backend)) {
			return false;
		}
		clientPump.spliced();
		backendPump.spliced();
		GenericFutureListener<Future<Void>> closeBoth = (spliced) -> {
			if (!spliced.isSuccess()) {
				if (logger.isDebugEnabled()) {
					logger.debug("Splice between " + client + " and " + backend + " ended: " + spliced.cause());
				}
				closeAfterWrites(client);
				closeAfterWrites(backend);
			}
		};
		from.spliceTo(to, Integer.MAX_VALUE).addListener(closeBoth);
		to.spliceTo(from, Integer.MAX_VALUE).addListener(closeBoth);
		client.config().setAutoRead(true);
		backend.config().setAutoRead(true);
		return true;
	}

	/**
	 * Moves what is left in a spliced channel's socket to its peer, through the JVM. Netty ends a
	 * splice at the peer's FIN by shutting the socket's input after one pass, which can leave
	 * bytes unread in the kernel; Linux still returns queued bytes after that shutdown, so they
	 * are read here, behind what the splice already queued for the peer, instead of being lost.
	 */
	static void drain(Channel source, Channel target) {
		if (!(source instanceof AbstractEpollStreamChannel epoll)) {
			return;
		}
		FileDescriptor fd = epoll.fd();
		while (target.isActive()) {
			ByteBuf buf = source.alloc().directBuffer(DRAIN_CHUNK);
			try {
				ByteBuffer nio = buf.internalNioBuffer(0, DRAIN_CHUNK);
				int read = fd.read(nio, nio.position(), nio.limit());
				if (read <= 0) {
					break;
				}
				buf.writerIndex(read);
				target.write(buf, target.voidPromise());
				buf = null;
			}
			catch (IOException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Could not drain " + source + ": " + ex);
				}
				break;
			}
			finally {
				if (buf != null) {
					buf.release();
				}
			}
		}
		target.flush();
	}

	private static void closeAfterWrites(Channel channel) {
		if (channel.isActive()) {
			channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		}
	}

	private static boolean onlyPumps(Channel channel) {
		for (Map.Entry<String, ChannelHandler> entry : channel.pipeline()) {
			if (!(entry.getValue() instanceof RelayPump)) {
				return false;
			}
		}
		return true;
	}

}
