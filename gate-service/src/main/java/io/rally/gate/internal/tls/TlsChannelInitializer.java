package io.rally.gate.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.rally.gate.internal.GatePipeline;

/**
 * Puts TLS at the head of an accepted connection's pipeline, with the context current at
 * accept time, then lets the transport's own initializer build the rest behind it.
 */
final class TlsChannelInitializer extends ChannelInitializer<Channel> {

	private final ReloadableSslContext context;

	private final ChannelHandler transportInitializer;

	TlsChannelInitializer(ReloadableSslContext context, ChannelHandler transportInitializer) {
		this.context = context;
		this.transportInitializer = transportInitializer;
	}

	@Override
	protected void initChannel(Channel channel) {
		GatePipeline.addTls(channel.pipeline(), this.context.newHandler(channel.alloc()),
				this.context.newHandshakeHandler());
		channel.pipeline().addLast(this.transportInitializer);
	}

}
