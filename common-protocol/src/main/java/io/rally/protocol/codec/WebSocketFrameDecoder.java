package io.rally.protocol.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.ProtocolSettings;

/**
 * Takes the packet out of a WebSocket binary frame: one frame holds exactly one whole packet,
 * {@code size} field included. A text frame, a frame shorter than the size field, a frame longer
 * than the largest packet, or a frame whose {@code size} disagrees with its length is a protocol
 * error. Emits a retained slice of
 * the body, which the next handler owns. Control frames are handled before this decoder by
 * Netty's WebSocket protocol handler; continuation frames are aggregated before it.
 * Stateless; an instance may be shared.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class WebSocketFrameDecoder extends MessageToMessageDecoder<WebSocketFrame> {

	private final PacketCodec codec;

	public WebSocketFrameDecoder(PacketCodec codec) {
		super(WebSocketFrame.class);
		this.codec = codec;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
		if (!(frame instanceof BinaryWebSocketFrame)) {
			throw new ProtocolException(Reason.UNSUPPORTED_FRAME,
					frame.getClass().getSimpleName() + " is not part of the protocol (binary frames only)");
		}
		ByteBuf content = frame.content();
		int length = content.readableBytes();
		if (length < ProtocolSettings.SIZE_FIELD_BYTES) {
			throw new ProtocolException(Reason.TRUNCATED, "frame of " + length + " bytes has no size field");
		}
		// counted as oversized whatever the size field claims, so that the metric tells floods apart
		if (length - ProtocolSettings.SIZE_FIELD_BYTES > this.codec.settings().maxSize()) {
			throw new ProtocolException(Reason.OVERSIZED, "frame of " + length + " bytes exceeds the maximum of "
					+ (this.codec.settings().maxSize() + ProtocolSettings.SIZE_FIELD_BYTES));
		}
		int size = this.codec.checkedSize(content, content.readerIndex());
		if (size != length - ProtocolSettings.SIZE_FIELD_BYTES) {
			throw new ProtocolException(Reason.LENGTH_MISMATCH, "size field says " + size + " but the frame carries "
					+ (length - ProtocolSettings.SIZE_FIELD_BYTES) + " bytes");
		}
		out.add(content.retainedSlice(content.readerIndex() + ProtocolSettings.SIZE_FIELD_BYTES, size));
	}

}
