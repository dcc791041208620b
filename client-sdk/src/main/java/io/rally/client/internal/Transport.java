package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Opens links to a gate over one transport. Each transport implements this and is chosen in
 * {@link #create}; nothing above it changes.
 */
public interface Transport {

	/**
	 * Opens a link. The future completes once the link can carry packets (for WebSocket, after
	 * the handshake), or exceptionally if it cannot be opened within the connect timeout.
	 */
	CompletableFuture<Link> open(LinkListener listener);

	static Transport create(ClientConfig config, EventLoops eventLoops) {
		return switch (config.transport()) {
			case TCP -> new TcpTransport(config, eventLoops);
			case WEBSOCKET -> new WebSocketTransport(config, eventLoops);
			case KCP -> new KcpTransport(config, eventLoops);
		};
	}

}
