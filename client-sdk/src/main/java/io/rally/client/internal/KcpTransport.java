package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DatagramChannel;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;

/**
 * Packets on the byte stream of a KCP conversation, over a UDP socket connected to the gate.
 * Each link is a new socket and a new random conversation id, so a reconnect never meets the
 * gate's state of the old one. Ready at once: KCP has no handshake. The gate answers the first
 * segment with a probe that KCP acknowledges by itself (proving the client's address) and opens
 * the conversation on that acknowledgement, with what was sent before it.
 */
final class KcpTransport implements Transport {

	private final ClientConfig config;

	private final PacketCodec codec;

	private final PacketDecoder packetDecoder;

	private final PacketEncoder encoder;

	private final Bootstrap bootstrap;

	KcpTransport(ClientConfig config, EventLoops eventLoops) {
		this.config = config;
		this.codec = new PacketCodec(config.protocol());
		this.packetDecoder = new PacketDecoder(this.codec);
		this.encoder = new PacketEncoder(this.codec);
		this.bootstrap = new Bootstrap().group(eventLoops.group()).channel(eventLoops.datagramChannelType());
	}

	@Override
	public CompletableFuture<Link> open(LinkListener listener) {
		CompletableFuture<Link> opened = new CompletableFuture<>();
		int conv = newConv();
		ChannelFuture connect = this.bootstrap.clone().handler(new ChannelInitializer<DatagramChannel>() {
			@Override
			protected void initChannel(DatagramChannel channel) {
				ChannelPipeline pipeline = channel.pipeline();
				ClientPipeline.addHead(pipeline);
				pipeline.addLast(ClientPipeline.KCP, new KcpHandler(conv, KcpTransport.this.config.kcp()));
				ClientPipeline.addStreamCodec(pipeline, new PacketFrameDecoder(KcpTransport.this.codec),
						KcpTransport.this.packetDecoder, KcpTransport.this.encoder);
				ClientPipeline.addTail(pipeline, KcpTransport.this.config, false, listener, opened);
			}
		}).connect(this.config.host(), this.config.port());
		NettyTransport.guardConnect(connect, this.config, opened);
		return opened;
	}

	private static int newConv() {
		int conv;
		do {
			conv = ThreadLocalRandom.current().nextInt();
		}
		while (conv == 0);
		return conv;
	}

}
