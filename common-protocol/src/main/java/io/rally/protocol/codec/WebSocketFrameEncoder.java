package io.rally.protocol.codec;

import java.util.List;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.rally.protocol.Frame;

/**
 * Wraps each packet or heartbeat in one WebSocket binary frame. Stateless and shared.
 */
@Sharable
public final class WebSocketFrameEncoder extends MessageToMessageEncoder<Frame> {

	private final PacketCodec codec;

	public WebSocketFrameEncoder(PacketCodec codec) {
		super(Frame.class);
		this.codec = codec;
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
		out.add(new BinaryWebSocketFrame(this.codec.encode(frame, ctx.alloc())));
	}

}
