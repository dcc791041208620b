package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;

/**
 * Builds the pipeline of a transparent connection on a byte stream: an accepted TCP connection,
 * or a KCP conversation (whose channel already turns KCP into a byte stream, so the relay sits
 * directly on it). See {@link GatePipeline} for the order.
 */
final class RelayStreamChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final RelaySettings relay;

	private final String transport;

	private final boolean halfClosure;

	/**
	 * @param transport the transport's name in metrics
	 * @param halfClosure whether the transport can end one direction alone (TCP can, KCP cannot)
	 */
	RelayStreamChannelInitializer(GateChannelSettings settings, ChannelGroup connections, RelaySettings relay,
			String transport, boolean halfClosure) {
		this.settings = settings;
		this.connections = connections;
		this.relay = relay;
		this.transport = transport;
		this.halfClosure = halfClosure;
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, this.transport, this.settings)) {
			return;
		}
		this.connections.add(channel);
		if (this.halfClosure && channel.pipeline().get(GatePipeline.TLS) == null) {
			// A client that is done sending may still be owed the backend's answer. Not over TLS:
			// there a stream ends with close_notify, which a bare FIN in one direction would skip,
			// so either side's end closes both (with close_notify to the client).
			channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
		}
		RelayPipeline.addStreamSide(channel.pipeline(), this.relay, this.transport, this.settings.maxPendingBytes());
	}

}
