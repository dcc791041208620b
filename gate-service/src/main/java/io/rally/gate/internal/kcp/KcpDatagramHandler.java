package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rally.gate.internal.ConnectionLimit;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import kcp.Kcp;

/**
 * The handler of the gate's UDP socket: it sorts datagrams into {@link KcpConversationChannel
 * conversations} by source address and conversation id, starts a {@link KcpHandshake} for a
 * peer's first segment, opens the conversation once the peer has acknowledged the handshake's
 * probe, and runs every conversation's KCP clock from one timer.
 *
 * <p>Datagrams are checked in place before anything else happens ({@link KcpSegments}): garbage
 * (too short, unknown commands, lengths that do not add up, several conversations in one) and
 * segments of a conversation the gate does not hold, unless they open one, cost a few reads
 * and a counter increment ({@value #GARBAGE} and {@value #UNKNOWN} decode errors), never a
 * conversation or another conversation's state. A conversation whose peer has not proven its
 * address lives in the {@link KcpHandshakes} pool, apart from the connections, or, with no room
 * there, is probed statelessly ({@link KcpCookies}). Only a verified one takes a slot of the
 * gate's connection limit, gets a channel and a session, and is announced to nodes; beyond the
 * limit it is dropped before a channel exists. Runs on the socket's event loop; one instance
 * per socket.
 */
final class KcpDatagramHandler extends ChannelInboundHandlerAdapter {

	static final String GARBAGE = "kcp_garbage";

	static final String UNKNOWN = "kcp_unknown_conversation";

	private final KcpOptions options;

	private final GateChannelSettings settings;

	private final ChannelHandler childInitializer;

	/** By source address; the rare second conversation of an address hangs off the first. */
	private final Map<InetSocketAddress, KcpConversationChannel> byAddress = new HashMap<>();

	private final List<KcpConversationChannel> all = new ArrayList<>();

	private final List<KcpConversationChannel> dirty = new ArrayList<>();

	private final KcpHandshakes handshakes;

	private Channel socket;

	private ScheduledFuture<?> clock;

	private boolean accepting = true;

	KcpDatagramHandler(KcpOptions options, GateChannelSettings settings, ChannelHandler childInitializer) {
		this.options = options;
		this.settings = settings;
		this.childInitializer = childInitializer;
		this.handshakes = new KcpHandshakes(options, settings.metrics());
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.socket = ctx.channel();
		long interval = this.options.settings().interval().toMillis();
		this.clock = ctx.executor().scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.clock != null) {
			this.clock.cancel(false);
		}
		this.handshakes.clear();
		for (KcpConversationChannel conversation : List.copyOf(this.all)) {
			conversation.close();
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof DatagramPacket packet)) {
			ReferenceCountUtil.release(msg);
			return;
		}
		try {
			receive(packet.content(), packet.sender());
		}
		finally {
			packet.release();
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.handshakes.flush(this.socket);
		if (this.dirty.isEmpty()) {
			return;
		}
		long now = System.currentTimeMillis();
		for (KcpConversationChannel conversation : this.dirty) {
			conversation.dirty = false;
			conversation.flush(now);
		}
		this.dirty.clear();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// A UDP socket reports ICMP errors of one peer here; the socket itself is fine.
	}

	private void receive(ByteBuf datagram, InetSocketAddress sender) {
		GateMetrics metrics = this.settings.metrics();
		if (!KcpSegments.isWellFormed(datagram)) {
			metrics.decodeError(GARBAGE);
			return;
		}
		int conv = KcpSegments.conv(datagram);
		KcpConversationChannel conversation = find(sender, conv);
		long now = System.currentTimeMillis();
		if (conversation == null) {
			Kcp verified = verify(datagram, sender, conv, now);
			if (verified == null) {
				return;
			}
			conversation = admit(verified, sender, now);
			if (conversation == null) {
				return;
			}
		}
		conversation.input(datagram, now);
		if (!conversation.dirty && conversation.isOpen()) {
			conversation.dirty = true;
			this.dirty.add(conversation);
		}
	}

	/**
	 * Takes a datagram of a conversation that is not open: the KCP state to open it with if the
	 * datagram proves its sender's address, {@code null} otherwise.
	 */
	private Kcp verify(ByteBuf datagram, InetSocketAddress sender, int conv, long now) {
		KcpHandshake handshake = this.handshakes.find(sender, conv);
		if (handshake != null) {
			if (handshake.isAcknowledgedBy(datagram)) {
				return this.handshakes.verified(handshake);
			}
			this.handshakes.input(this.socket, handshake, datagram, now);
			return null;
		}
		if (KcpSegments.opensConversation(datagram)) {
			if (this.accepting) {
				this.handshakes.open(this.socket, datagram, sender, conv, now);
			}
			return null;
		}
		Kcp verified = this.accepting ? this.handshakes.verifiedByCookie(this.socket, datagram, sender, conv, now)
				: null;
		if (verified == null) {
			this.settings.metrics().decodeError(UNKNOWN);
		}
		return verified;
	}

	private KcpConversationChannel find(InetSocketAddress sender, int conv) {
		KcpConversationChannel conversation = this.byAddress.get(sender);
		while (conversation != null && conversation.conv() != conv) {
			conversation = conversation.sameAddress;
		}
		return conversation;
	}

	/** Opens the conversation of a verified peer, unless the gate is at its connection limit. */
	private KcpConversationChannel admit(Kcp kcp, InetSocketAddress sender, long now) {
		ConnectionLimit limit = this.settings.limit();
		if (limit.active() >= limit.max()) {
			kcp.release();
			this.settings.metrics().connectionRejected(KcpGateServer.TRANSPORT, CloseReason.MAX_CONNECTIONS);
			return null;
		}
		KcpConversationChannel conversation = new KcpConversationChannel(this.socket, this, kcp, sender,
				this.options, now);
		conversation.config().setWriteBufferWaterMark(KcpGateServer.waterMark(this.settings));
		conversation.pipeline().addLast(this.childInitializer);
		conversation.sameAddress = this.byAddress.put(sender, conversation);
		conversation.index = this.all.size();
		this.all.add(conversation);
		// On this event loop registration runs now: the pipeline is built (or the connection
		// refused and closed) before the verifying datagram goes in.
		this.socket.eventLoop().register(conversation);
		return conversation.isOpen() ? conversation : null;
	}

	/** A conversation closed: forget it. */
	void removed(KcpConversationChannel conversation) {
		int index = conversation.index;
		if (index < 0) {
			return;
		}
		conversation.index = -1;
		KcpConversationChannel last = this.all.remove(this.all.size() - 1);
		if (last != conversation) {
			this.all.set(index, last);
			last.index = index;
		}
		InetSocketAddress address = (InetSocketAddress) conversation.remoteAddress();
		KcpConversationChannel head = this.byAddress.get(address);
		if (head == conversation) {
			if (conversation.sameAddress != null) {
				this.byAddress.put(address, conversation.sameAddress);
			}
			else {
				this.byAddress.remove(address);
			}
		}
		else {
			while (head != null && head.sameAddress != conversation) {
				head = head.sameAddress;
			}
			if (head != null) {
				head.sameAddress = conversation.sameAddress;
			}
		}
		conversation.sameAddress = null;
		closeSocketIfDone();
	}

	/** Opens no more conversations; the socket closes once the open ones are gone. */
	void stopAccepting() {
		this.accepting = false;
		// An unverified conversation could never be opened now.
		this.handshakes.clear();
		closeSocketIfDone();
	}

	/** How many conversations are open; call on the socket's event loop. */
	int conversations() {
		return this.all.size();
	}

	private void closeSocketIfDone() {
		if (!this.accepting && this.all.isEmpty() && this.socket != null) {
			this.socket.close();
		}
	}

	private void tick() {
		long now = System.currentTimeMillis();
		this.handshakes.tick(this.socket, now);
		this.handshakes.flush(this.socket);
		long deadTimeout = this.options.deadTimeout().toMillis();
		// Backwards: a conversation that closes swaps in one that was already ticked.
		for (int i = this.all.size() - 1; i >= 0; i--) {
			if (i < this.all.size()) {
				this.all.get(i).tick(now, deadTimeout);
			}
		}
	}

}
