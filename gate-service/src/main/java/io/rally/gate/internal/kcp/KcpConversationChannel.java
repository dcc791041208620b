package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.rally.gate.internal.AcknowledgedWrites;
import io.rally.gate.internal.metrics.CloseReason;
import kcp.IKcp;
import kcp.Kcp;

/**
 * One KCP conversation as a Netty channel, so that the gate's pipeline runs on it unchanged:
 * reads are the conversation's reassembled byte stream, writes are bytes handed to KCP. The
 * {@link KcpDatagramHandler} of the UDP socket feeds it datagrams and drives its clock; it
 * lives on that socket's event loop and writes its segments through the socket. It exists only
 * once its peer has proven its address ({@link KcpHandshake}), and takes over the KCP state the
 * handshake started, with what the peer sent meanwhile.
 *
 * <p>KCP takes at most {@link #SEND_BUDGET_WINDOWS} send windows of segments; whatever is
 * written beyond that stays in the channel's outbound buffer, so the usual water marks (and
 * the gate's slow-consumer rule) apply to a client that does not acknowledge. Inbound, data is
 * only taken out of KCP while the channel reads, so a paused channel closes the client's
 * window instead of buffering. Not thread-safe: everything runs on the event loop.
 */
final class KcpConversationChannel extends AbstractChannel implements AcknowledgedWrites {

	static final int SEND_BUDGET_WINDOWS = 2;

	private static final ChannelMetadata METADATA = new ChannelMetadata(false);

	private final Channel socket;

	private final KcpDatagramHandler owner;

	private final int conv;

	private final InetSocketAddress remote;

	private final KcpOptions options;

	private final Kcp kcp;

	private final ChannelConfig config;

	private final int sendBudget;

	/** The next conversation from the same address, see {@link KcpDatagramHandler}. */
	KcpConversationChannel sameAddress;

	/** Where this channel sits in the handler's list of conversations. */
	int index = -1;

	/** Whether the handler will flush it at the end of the current read. */
	boolean dirty;

	/** Read by other threads through {@link #isActive()} (a session asked whether it is online). */
	private volatile boolean open = true;

	private boolean readRequested;

	private long lastReceived;

	private ChannelPromise drained;

	/** @param kcp the conversation's KCP state, handed over by its {@link KcpHandshake} */
	KcpConversationChannel(Channel socket, KcpDatagramHandler owner, Kcp kcp, InetSocketAddress remote,
			KcpOptions options, long now) {
		super(socket);
		this.socket = socket;
		this.owner = owner;
		this.conv = kcp.getConv();
		this.remote = remote;
		this.options = options;
		this.lastReceived = now;
		this.config = new DefaultChannelConfig(this);
		this.kcp = kcp;
		// The handshake withheld KCP's output; from now on it goes to the peer.
		kcp.setOutput(this::output);
		this.sendBudget = SEND_BUDGET_WINDOWS * options.settings().sendWindow();
	}

	int conv() {
		return this.conv;
	}

	/** Takes one well-formed datagram of this conversation; the caller keeps ownership. */
	void input(ByteBuf datagram, long now) {
		this.lastReceived = now;
		this.kcp.input(datagram, true, now);
		deliver();
	}

	/** Sends what KCP has due now (acks, window updates, data the window lets through). */
	void flush(long now) {
		if (!this.open) {
			return;
		}
		ChannelOutboundBuffer pending = unsafe().outboundBuffer();
		if (pending != null && pending.current() != null) {
			// flush0 runs doWrite, which moves what the window now allows into KCP and flushes.
			((ConversationUnsafe) unsafe()).resumeWrites();
		}
		else {
			this.kcp.flush(false, now);
			this.socket.flush();
		}
		completeDrainedIfIdle();
	}

	/** Runs the KCP clock; reclaims the conversation if it went silent or its link is dead. */
	void tick(long now, long deadTimeoutMillis) {
		if (!this.open) {
			return;
		}
		if (now - this.lastReceived >= deadTimeoutMillis) {
			CloseReason.KCP_IDLE.close(this);
			return;
		}
		if (this.kcp.checkFlush() && this.kcp.check(now) - now <= 0) {
			this.kcp.update(now);
			this.socket.flush();
		}
		if (isLinkDead()) {
			CloseReason.KCP_DEAD_LINK.close(this);
			return;
		}
		completeDrainedIfIdle();
	}

	/**
	 * Done once everything written so far has been acknowledged by the peer, so that a goodbye
	 * is not cut off by the close that follows it.
	 */
	@Override
	public ChannelFuture whenDrained() {
		if (!this.open) {
			return newSucceededFuture();
		}
		if (this.drained == null || this.drained.isDone()) {
			// A drain that is over says nothing about what was written after it.
			this.drained = newPromise();
		}
		completeDrainedIfIdle();
		return this.drained;
	}

	private void completeDrainedIfIdle() {
		if (this.drained != null && this.kcp.waitSnd() == 0) {
			ChannelOutboundBuffer pending = unsafe().outboundBuffer();
			if (pending == null || pending.current() == null) {
				this.drained.trySuccess();
			}
		}
	}

	private boolean isLinkDead() {
		Iterator<Kcp.Segment> oldest = this.kcp.sndBufItr.rewind();
		return oldest.hasNext() && oldest.next().getXmit() >= this.options.deadLink();
	}

	private void deliver() {
		if (!this.config.isAutoRead() && !this.readRequested) {
			return;
		}
		boolean read = false;
		while (this.open && this.kcp.canRecv()) {
			ByteBuf data = this.kcp.mergeRecv();
			if (data == null) {
				break;
			}
			read = true;
			this.readRequested = false;
			pipeline().fireChannelRead(data);
		}
		if (read) {
			pipeline().fireChannelReadComplete();
		}
	}

	private void output(ByteBuf segments, IKcp kcp) {
		this.socket.write(new DatagramPacket(segments, this.remote), this.socket.voidPromise());
	}

	@Override
	protected void doWrite(ChannelOutboundBuffer in) {
		int mss = this.options.settings().maxSegmentPayload();
		while (this.kcp.waitSnd() < this.sendBudget) {
			Object message = in.current();
			if (message == null) {
				break;
			}
			ByteBuf bytes = (ByteBuf) message;
			// One segment per send, never fragments: KCP peers disagree on fragment limits, and
			// the packet stream above does its own framing.
			while (bytes.isReadable()) {
				this.kcp.send(bytes.readSlice(Math.min(mss, bytes.readableBytes())));
			}
			in.remove();
		}
		this.kcp.flush(false, System.currentTimeMillis());
		this.socket.flush();
	}

	@Override
	protected Object filterOutboundMessage(Object message) {
		if (message instanceof ByteBuf) {
			return message;
		}
		throw new UnsupportedOperationException("unsupported message type: " + message.getClass().getName()
				+ " (expected: ByteBuf)");
	}

	@Override
	protected void doBeginRead() {
		if (this.readRequested || !this.kcp.canRecv()) {
			this.readRequested = true;
			return;
		}
		this.readRequested = true;
		// Not from inside read(): the pipeline may be in the middle of a handler.
		eventLoop().execute(() -> {
			deliver();
			flush(System.currentTimeMillis());
		});
	}

	@Override
	protected void doClose() {
		if (!this.open) {
			return;
		}
		this.open = false;
		this.owner.removed(this);
		this.kcp.release();
		if (this.drained != null) {
			this.drained.trySuccess();
		}
	}

	@Override
	protected void doDisconnect() {
		doClose();
	}

	@Override
	protected void doBind(SocketAddress localAddress) {
		throw new UnsupportedOperationException("a KCP conversation is bound by its server");
	}

	@Override
	protected AbstractUnsafe newUnsafe() {
		return new ConversationUnsafe();
	}

	@Override
	protected boolean isCompatible(EventLoop loop) {
		return true;
	}

	@Override
	protected SocketAddress localAddress0() {
		return this.socket.localAddress();
	}

	@Override
	protected SocketAddress remoteAddress0() {
		return this.remote;
	}

	@Override
	public ChannelConfig config() {
		return this.config;
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public boolean isActive() {
		return this.open;
	}

	@Override
	public ChannelMetadata metadata() {
		return METADATA;
	}

	@Override
	public String toString() {
		return "[id: 0x" + id().asShortText() + ", kcp conv " + Integer.toUnsignedString(this.conv) + ", "
				+ this.remote + "]";
	}

	private final class ConversationUnsafe extends AbstractUnsafe {

		@Override
		public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
			promise.setFailure(new UnsupportedOperationException("a KCP conversation is opened by its peer"));
		}

		void resumeWrites() {
			flush0();
		}

	}

}
