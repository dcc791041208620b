package io.rally.gate.internal.relay;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;

/**
 * Reads a transparent TCP client's first packet, and nothing else:
 *
 * <pre>
 * +-------------------+--------------------------------------------+
 * | length: int32, BE | request: length bytes of UTF-8             |
 * |  1 .. max         |  host:port | instance id | signed token    |
 * +-------------------+--------------------------------------------+
 * </pre>
 *
 * The length is checked before any of the request is buffered; a length out of range or a
 * request that is not UTF-8 refuses the client and discards the rest of its input. Once the
 * request is read the decoder passes it on as a {@link BackendRequest} and removes itself, so
 * whatever the client sent behind it follows, unparsed, as plain buffers. One instance per
 * channel.
 */
final class FirstPacketDecoder extends ByteToMessageDecoder {

	private static final int LENGTH_BYTES = 4;

	private final int maxLength;

	private final String transport;

	private final RelayRefusals refusals;

	private int length = -1;

	private boolean refused;

	FirstPacketDecoder(int maxLength, String transport, RelayRefusals refusals) {
		this.maxLength = maxLength;
		this.transport = transport;
		this.refusals = refusals;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.refused) {
			in.skipBytes(in.readableBytes());
			return;
		}
		if (this.length < 0) {
			if (in.readableBytes() < LENGTH_BYTES) {
				return;
			}
			int declared = in.readInt();
			if (declared < 1 || declared > this.maxLength) {
				refuse(ctx, in, (declared < 1) ? RelayRefusal.MALFORMED : RelayRefusal.OVERSIZED,
						"first packet length " + declared + " (expected: 1 to " + this.maxLength + ")");
				return;
			}
			this.length = declared;
		}
		if (in.readableBytes() < this.length) {
			return;
		}
		String request;
		try {
			request = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(in.nioBuffer(in.readerIndex(), this.length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			refuse(ctx, in, RelayRefusal.MALFORMED, "first packet is not UTF-8");
			return;
		}
		in.skipBytes(this.length);
		out.add(new BackendRequest(request));
		ctx.pipeline().remove(this);
	}

	private void refuse(ChannelHandlerContext ctx, ByteBuf in, RelayRefusal reason, String message) {
		this.refused = true;
		in.skipBytes(in.readableBytes());
		this.refusals.refuse(ctx.channel(), this.transport, new RelayRefusedException(reason, message));
	}

}
