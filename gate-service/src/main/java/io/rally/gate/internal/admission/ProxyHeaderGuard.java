package io.rally.gate.internal.admission;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rally.gate.internal.metrics.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * In front of a connection from an address that is not a trusted proxy, while the PROXY
 * protocol is on: closes it ({@link CloseReason#PROXY_PROTOCOL}) if it starts with a PROXY
 * header, since only a trusted proxy may name another client address; otherwise removes itself
 * as soon as the first bytes differ from both headers' signatures (the first byte, for every
 * client of ours) and passes them on. Holds at most 12 bytes meanwhile. One instance per
 * channel.
 */
public final class ProxyHeaderGuard extends ByteToMessageDecoder {

	private static final Log logger = LogFactory.getLog(ProxyHeaderGuard.class);

	private static final IntervalLog refusals = new IntervalLog(logger);

	/** How a v1 header starts. */
	private static final byte[] V1 = { 'P', 'R', 'O', 'X', 'Y', ' ' };

	/** How a v2 header starts. */
	private static final byte[] V2 = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		boolean v1 = startsLike(in, V1);
		boolean v2 = startsLike(in, V2);
		if ((v1 && in.readableBytes() >= V1.length) || (v2 && in.readableBytes() >= V2.length)) {
			in.skipBytes(in.readableBytes());
			CloseReason.PROXY_PROTOCOL.close(ctx.channel());
			refusals.warn("Closed a connection from " + ctx.channel().remoteAddress()
					+ ": it sent a PROXY header but is not a trusted proxy (rally.gate.proxy-protocol.trusted-proxies)");
		}
		else if (!v1 && !v2) {
			ctx.pipeline().remove(this);
		}
	}

	/** Whether the readable bytes of {@code in}, as far as they go, match the start of {@code signature}. */
	private static boolean startsLike(ByteBuf in, byte[] signature) {
		int n = Math.min(in.readableBytes(), signature.length);
		int start = in.readerIndex();
		for (int i = 0; i < n; i++) {
			if (in.getByte(start + i) != signature[i]) {
				return false;
			}
		}
		return true;
	}

}
