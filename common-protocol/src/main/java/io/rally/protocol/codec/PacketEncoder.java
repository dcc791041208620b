package io.rally.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.rally.protocol.Frame;

/**
 * Writes packets and heartbeats onto a byte stream (TCP, KCP). Stateless and shared.
 */
@Sharable
public final class PacketEncoder extends MessageToByteEncoder<Frame> {

	private final PacketCodec codec;

	public PacketEncoder(PacketCodec codec) {
		super(Frame.class);
		this.codec = codec;
	}

	@Override
	protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
		int length = this.codec.encodedLength(frame);
		return preferDirect ? ctx.alloc().ioBuffer(length) : ctx.alloc().heapBuffer(length);
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
		this.codec.encode(frame, out);
	}

}
