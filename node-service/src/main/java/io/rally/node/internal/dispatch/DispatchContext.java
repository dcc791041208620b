package io.rally.node.internal.dispatch;

import java.util.concurrent.CompletableFuture;

import io.rally.cluster.ClientMessage;
import io.rally.node.api.Messenger;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.SessionInfo;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;

/**
 * The {@link RequestContext} of one {@link ClientMessage}.
 */
final class DispatchContext implements RequestContext {

	private final ClientMessage message;

	private final PayloadCodec codec;

	private final Messenger messenger;

	private final Replies replies;

	private volatile long userId;

	DispatchContext(ClientMessage message, PayloadCodec codec, Messenger messenger, Replies replies) {
		this.message = message;
		this.codec = codec;
		this.messenger = messenger;
		this.replies = replies;
		this.userId = message.userId();
	}

	@Override
	public String gateId() {
		return this.message.gateId();
	}

	@Override
	public long connectionId() {
		return this.message.connectionId();
	}

	@Override
	public long userId() {
		return this.userId;
	}

	@Override
	public int route() {
		return this.message.route();
	}

	@Override
	public int seq() {
		return this.message.seq();
	}

	@Override
	public String clientIp() {
		return this.message.clientIp();
	}

	@Override
	public byte[] payload() {
		return this.message.payload();
	}

	@Override
	public <T> T payloadAs(Class<T> type) {
		try {
			return this.codec.decode(this.message.payload(), type);
		}
		catch (RallyException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new RallyException(ErrorPacket.BAD_REQUEST, "Malformed " + type.getSimpleName() + " payload", ex);
		}
	}

	@Override
	public SessionInfo session() {
		return new SessionInfo(gateId(), connectionId(), this.userId, clientIp());
	}

	@Override
	public void reply(Object message) {
		if (seq() != 0) {
			this.replies.send(this.message, new Packet(route(), seq(), this.codec.encode(message)));
		}
	}

	@Override
	public void replyError(int code, String message) {
		if (seq() != 0) {
			this.replies.sendError(this.message, code, message);
		}
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long userId) {
		return this.messenger.bindUser(gateId(), connectionId(), userId).thenApply((bound) -> {
			if (bound) {
				this.userId = userId;
			}
			return bound;
		});
	}

	@Override
	public CompletableFuture<Boolean> unbindUser() {
		long current = this.userId;
		if (current == 0) {
			return CompletableFuture.completedFuture(false);
		}
		return this.messenger.unbindUser(current).thenApply((unbound) -> {
			if (unbound) {
				this.userId = 0;
			}
			return unbound;
		});
	}

	@Override
	public CompletableFuture<Void> bindNode() {
		long current = this.userId;
		if (current == 0) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Cannot bind connection " + connectionId() + " of gate '" + gateId() + "' to a node: no user bound"));
		}
		return this.messenger.bindNode(current);
	}

	@Override
	public CompletableFuture<Boolean> unbindNode() {
		long current = this.userId;
		return (current != 0) ? this.messenger.unbindNode(current) : CompletableFuture.completedFuture(false);
	}

	@Override
	public Messenger messenger() {
		return this.messenger;
	}

	@Override
	public String toString() {
		return "RequestContext[gate=" + gateId() + ", connection=" + connectionId() + ", user=" + this.userId
				+ ", route=" + route() + ", seq=" + seq() + "]";
	}

}
