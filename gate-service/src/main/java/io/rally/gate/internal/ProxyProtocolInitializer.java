package io.rally.gate.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.rally.gate.internal.admission.ProxyHeaderGuard;
import io.rally.gate.internal.admission.ProxyHeaderHandler;
import io.rally.gate.internal.admission.TrustedProxies;
import io.rally.gate.internal.metrics.GateMetrics;

/**
 * Puts the PROXY protocol in front of an accepted TCP connection's pipeline, ahead of TLS: from
 * a trusted proxy, the header decoder, with the rest of the pipeline built once the header has
 * named the client; from anyone else, the guard that refuses a PROXY header, with the rest
 * built at once. See {@link GatePipeline} for the order.
 */
final class ProxyProtocolInitializer extends ChannelInitializer<Channel> {

	private final TrustedProxies proxies;

	private final ChannelHandler rest;

	private final String transport;

	private final GateMetrics metrics;

	ProxyProtocolInitializer(TrustedProxies proxies, ChannelHandler rest, String transport, GateMetrics metrics) {
		this.proxies = proxies;
		this.rest = rest;
		this.transport = transport;
		this.metrics = metrics;
	}

	@Override
	protected void initChannel(Channel channel) {
		if (this.proxies.trusts(channel.remoteAddress())) {
			GatePipeline.addProxyHeader(channel.pipeline(),
					new ProxyHeaderHandler(this.rest, this.proxies.headerTimeout(), this.metrics, this.transport));
		}
		else {
			GatePipeline.addProxyGuard(channel.pipeline());
			channel.pipeline().addLast(this.rest);
		}
	}

}
