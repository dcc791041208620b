package io.rally.protocol.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rally.protocol.ProtocolSettings;

/**
 * Splits a byte stream (TCP, KCP) into packet bodies using the {@code size} field.
 *
 * <p>A state machine of two states: waiting for the 4-byte {@code size}, then waiting for that
 * many bytes. The size is checked against {@link ProtocolSettings#maxSize()} as soon as its
 * four bytes are in, before anything is allocated or buffered for the body. On bad input the
 * decoder turns corrupt: it throws once and discards everything that follows, so the
 * connection can be closed without decoding more. Emits a retained slice of each body, which
 * the next handler owns and must release. One instance per channel.
 */
public final class PacketFrameDecoder extends ByteToMessageDecoder {

	private final PacketCodec codec;

	private int pendingSize = -1;

	private boolean corrupt;

	public PacketFrameDecoder(PacketCodec codec) {
		this.codec = codec;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.corrupt) {
			in.skipBytes(in.readableBytes());
			return;
		}
		while (true) {
			if (this.pendingSize < 0) {
				if (in.readableBytes() < ProtocolSettings.SIZE_FIELD_BYTES) {
					return;
				}
				try {
					this.pendingSize = this.codec.checkedSize(in, in.readerIndex());
				}
				catch (RuntimeException ex) {
					this.corrupt = true;
					in.skipBytes(in.readableBytes());
					throw ex;
				}
				in.skipBytes(ProtocolSettings.SIZE_FIELD_BYTES);
			}
			if (in.readableBytes() < this.pendingSize) {
				return;
			}
			out.add(in.readRetainedSlice(this.pendingSize));
			this.pendingSize = -1;
		}
	}

}
