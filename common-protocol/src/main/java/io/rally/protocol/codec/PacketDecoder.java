package io.rally.protocol.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Turns a packet body (from {@link PacketFrameDecoder} or {@link WebSocketFrameDecoder}) into
 * a {@link io.rally.protocol.Packet} or {@link io.rally.protocol.Heartbeat}. The body is
 * released by the base class once decoded. Stateless and shared.
 */
@Sharable
public final class PacketDecoder extends MessageToMessageDecoder<ByteBuf> {

	private final PacketCodec codec;

	public PacketDecoder(PacketCodec codec) {
		super(ByteBuf.class);
		this.codec = codec;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
		out.add(this.codec.decodeBody(body));
	}

}
